/** Where the portal's GraphQL API is served (HTTP and WebSocket). */
export const API_PATH = '/portal/graphql';
