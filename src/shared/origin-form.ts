/**
 * The path and query of a request target, as uvicorn gives them to Starlette: an
 * absolute-form target (`GET http://evil.example/items?q=1 HTTP/1.1`) becomes `/items?q=1`,
 * so that a redirect built from the Host header and this never carries the other URL along
 * (`https://shop.example` + `http://evil.example/items`). Origin-form targets pass unchanged.
 */
export function originFormOf (url: string): string {
  if (url.charCodeAt(0) === 0x2f) return url
  try {
    const parsed = new URL(url)
    return `${parsed.pathname}${parsed.search}`
  } catch {
    return '/'
  }
}
