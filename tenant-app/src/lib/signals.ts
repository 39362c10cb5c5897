/**
 * Request header src/proxy.ts sets (and strips from what browsers send) when it has answered a
 * course page 404: the page then renders the not-found view itself, with its content in the HTML.
 */
export const NOT_FOUND_HEADER = 'x-lyceum-not-found'
