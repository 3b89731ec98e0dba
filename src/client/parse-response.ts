// Reads a response's body as the client hands it back: JSON for a JSON media type (FastAPI's,
// and `application/problem+json`), text for `text/*`, a Blob for anything else, nothing for a
// response without a body.

const NO_BODY = new Set([204, 205, 304])

export async function readBody (response: Response, method: string): Promise<unknown> {
  if (NO_BODY.has(response.status) || method === 'HEAD' || response.body === null) return undefined
  const type = response.headers.get('content-type') ?? ''
  if (/[/+]json\b/i.test(type)) {
    const text = await response.text()
    return text === '' ? undefined : JSON.parse(text)
  }
  if (type.startsWith('text/')) return response.text()
  const blob = await response.blob()
  return blob.size === 0 ? undefined : blob
}
