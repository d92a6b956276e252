// GraphQL code generation for the dashboard (npm run codegen).
// Schema: the server's own schema files (no running server needed).
// Documents: graphql() calls colocated with the components in frontend/src.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // gqlgen supplies Time as a built-in, so the schema files may not declare it.
  schema: ['graph/schema/*.graphqls', 'scalar Time'],
  documents: ['frontend/src/**/*.{ts,tsx}', '!frontend/src/gql/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'frontend/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string', Cursor: 'string', Upload: 'File', ID: 'string' },
      },
    },
  },
};
export default config;
