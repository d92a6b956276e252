// GraphQL code generation for the dashboard (npm run codegen).
// Schema: the server's own schema files (no running server needed).
// Documents: graphql() calls colocated with the components in frontend/src; fragments are
// masked, so a component sees only the fields its own fragment asks for (useFragment).
// The minified introspection feeds graphcache's `schema` option (interfaces, nullability).
import type { CodegenConfig } from '@graphql-codegen/cli';

const schema = ['graph/schema/*.graphqls', 'scalar Time'];

const config: CodegenConfig = {
  // gqlgen supplies Time as a built-in, so the schema files may not declare it.
  schema,
  documents: ['frontend/src/**/*.{ts,tsx}', '!frontend/src/gql/**/*', '!frontend/src/**/*.test.{ts,tsx}', '!frontend/src/test/**/*'],
  ignoreNoDocuments: true,
  generates: {
    'frontend/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: true },
      config: {
        onlyOperationTypes: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { Time: 'string', Cursor: 'string', Upload: 'File', ID: 'string' },
      },
    },
    'frontend/src/gql/introspection.ts': {
      plugins: ['urql-introspection'],
      config: { module: 'es2015', useTypeImports: true },
    },
  },
};
export default config;
