// Turns one call of the client into a fetch Request: the path's params substituted and
// encoded, the query as FastAPI reads it, headers, cookies and the body. Web APIs only, so
// that the client runs in a browser as in Node.

/** A call's values, as the typed client takes them (request-types.ts types them per route). */
export interface CallInit {
  params?: {
    path?: Record<string, unknown>
    query?: Record<string, unknown>
    header?: Record<string, unknown>
    cookie?: Record<string, unknown>
  }
  body?: unknown
  form?: Record<string, unknown>
  headers?: Record<string, string>
  [fetchOption: string]: unknown
}

// FastAPI's `{name}` and `{name:converter}`, and Fastify's `:name` with its optional regex.
const PATH_PARAM = /\{([A-Za-z_$][\w$]*)(?::([^}]*))?\}|(?<!:):([A-Za-z_$][\w$]*)(?:\([^)]*\))?/g

function text (value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value)
}

/**
 * The path with its params filled in, each encoded as one segment; a `{name:path}` param keeps
 * its slashes, as Starlette's path converter reads them.
 */
export function fillPath (path: string, values: Record<string, unknown> = {}): string {
  return path.replace(PATH_PARAM, (whole, brace: string | undefined, converter: string | undefined, colon: string | undefined) => {
    const name = (brace ?? colon) as string
    if (!Object.hasOwn(values, name)) throw new TypeError(`fastify-fastapi/client: the path ${path} needs params.path.${name}`)
    const value = text(values[name])
    return converter === 'path' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value)
  })
}

/**
 * The query string: a list is the key repeated (`?tag=a&tag=b`, how FastAPI reads a list);
 * `undefined` and `null` are left out, as a param not sent.
 */
export function queryString (query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== null) search.append(key, text(item))
    }
  }
  const string = search.toString()
  return string === '' ? '' : `?${string}`
}

// A form: urlencoded, or multipart when it carries a file (a Blob), repeated fields for lists.
function formBody (form: Record<string, unknown>): URLSearchParams | FormData {
  const entries = Object.entries(form).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((item) => [key, item] as const))
    .filter(([, item]) => item !== undefined && item !== null)
  if (entries.some(([, item]) => item instanceof Blob)) {
    const data = new FormData()
    for (const [key, item] of entries) data.append(key, item instanceof Blob ? item : text(item))
    return data
  }
  return new URLSearchParams(entries.map(([key, item]) => [key, text(item)]))
}

/** The Request for one call: `baseUrl` + the path, the declared params, and the body. */
export function buildRequest (baseUrl: string, method: string, path: string, init: CallInit, defaultHeaders: Record<string, string>): Request {
  const { params = {}, body, form, headers: extraHeaders, ...fetchOptions } = init
  const headers = new Headers(defaultHeaders)
  // FastAPI reads a header param `x_token` as the header `x-token`.
  for (const [key, value] of Object.entries(params.header ?? {})) {
    if (value !== undefined && value !== null) headers.set(key.replaceAll('_', '-'), text(value))
  }
  const cookies = Object.entries(params.cookie ?? {}).filter(([, value]) => value !== undefined && value !== null)
  if (cookies.length > 0) headers.set('cookie', cookies.map(([name, value]) => `${name}=${encodeURIComponent(text(value))}`).join('; '))
  for (const [key, value] of Object.entries(extraHeaders ?? {})) headers.set(key, value)
  let payload: BodyInit | undefined
  if (body !== undefined) {
    payload = JSON.stringify(body)
    if (!headers.has('content-type')) headers.set('content-type', 'application/json')
  } else if (form !== undefined) {
    payload = formBody(form)
  }
  const url = `${baseUrl}${fillPath(path, params.path)}${queryString(params.query)}`
  return new Request(url, { ...fetchOptions as RequestInit, method, headers, ...(payload === undefined ? {} : { body: payload }) })
}
