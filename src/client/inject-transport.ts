// The client's transport over Fastify's `app.inject` (light-my-request): the app answers the
// Request in process, with no socket, as a test wants. It takes any object with Fastify's
// `inject`, so the client imports nothing of Fastify's.

/** What `app.inject` is given here: a subset of light-my-request's options. */
export interface InjectRequest {
  method: string
  url: string
  headers: Record<string, string>
  payload?: Uint8Array
}

/** What the transport reads of light-my-request's response. */
export interface InjectedResponse {
  statusCode: number
  headers: Record<string, string | string[] | number | undefined>
  rawPayload: Uint8Array
}

/** A Fastify instance, or anything that answers `inject` as one does. */
export interface Injectable {
  inject (options: InjectRequest): PromiseLike<InjectedResponse>
}

// The Fetch API's Response refuses a body for these statuses.
const NULL_BODY = new Set([101, 204, 205, 304])

/** A fetch function that asks `app` through `inject` instead of the network. */
export function injectFetch (app: Injectable): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url)
    const bytes = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer())
    const injected = await app.inject({
      method: request.method,
      url: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      // light-my-request sends a Buffer as it is, and would write any other object as JSON.
      ...(bytes === undefined ? {} : { payload: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }),
    })
    const headers = new Headers()
    for (const [name, value] of Object.entries(injected.headers)) {
      if (value === undefined) continue
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item))
    }
    const body = NULL_BODY.has(injected.statusCode) ? null : injected.rawPayload
    return new Response(body as BodyInit | null, { status: injected.statusCode, headers })
  }
}
