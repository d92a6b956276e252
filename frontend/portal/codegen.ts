// GraphQL code generation for the subscriber portal (npm run codegen:portal): typed documents
// from the portal's own schema (graph/portal/schema, served at /portal/graphql), kept apart
// from the staff schema so no staff type can appear in the portal's code.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: ['graph/portal/schema/*.graphqls'],
  documents: ['frontend/portal/src/**/*.{ts,tsx}', '!frontend/portal/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'frontend/portal/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string', ID: 'string' },
      },
    },
  },
};
export default config;
