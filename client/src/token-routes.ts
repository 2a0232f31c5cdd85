/**
 * The token routes the client posts to. Its own module so that the drop-in
 * build can give each provider chunk its one route (client/build/drop-in-chunks.ts).
 */
export { TOKEN_ROUTES } from "@widget-tokens/shared";
