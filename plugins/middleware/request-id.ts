import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { accessLogHook, createGenReqId, createIdHeaderHook, REQUEST_ID_PLUGIN, resolveRequestIdOptions, type RequestIdOptions } from '../../src/middleware/request-id.js'
import { FFA_ERR_REQUEST_ID_CONFLICT } from '../../src/shared/codes.js'
import { registeredBefore } from '../../src/shared/plugin-once.js'

async function requestIdPlugin (app: FastifyInstance, opts: RequestIdOptions): Promise<void> {
  const options = resolveRequestIdOptions(opts)
  if (registeredBefore(app, REQUEST_ID_PLUGIN, opts)) return
  refuseFastifyIdOptions(app)
  // Fastify's request id, decided when the request arrives: it is on each of its log lines.
  app.setGenReqId(createGenReqId(options))
  app.addHook('onRequest', createIdHeaderHook(options))
  if (options.accessLog) app.addHook('onResponse', accessLogHook)
}

// Fastify's own ways of choosing ids would take a client's header unchecked, or be replaced silently.
function refuseFastifyIdOptions (app: FastifyInstance): void {
  const { requestIdHeader } = app.initialConfig
  if (requestIdHeader !== undefined && requestIdHeader !== false) {
    throw new FFA_ERR_REQUEST_ID_CONFLICT(`Fastify's requestIdHeader option (${JSON.stringify(requestIdHeader)}) would take any id a client sends, unchecked. Remove it from Fastify({...}) and give the plugin { header, trustHeader: true }.`)
  }
  // Fastify's getter of the function in use (untyped); its own is named defaultGenReqId.
  const { genReqId } = app as unknown as { genReqId?: { name: string } }
  if (genReqId !== undefined && genReqId.name !== 'defaultGenReqId') {
    throw new FFA_ERR_REQUEST_ID_CONFLICT(`Fastify's genReqId option (${genReqId.name === '' ? 'an anonymous function' : genReqId.name}) would be replaced. Remove it from Fastify({...}) and give it to the plugin as { generate }.`)
  }
}

/**
 * Request ids: each request gets one (a UUID, or the `X-Request-ID` a trusted proxy sent),
 * which is Fastify's `request.id`, so that every log line of the request carries it, and
 * which goes back in the response's `X-Request-ID`; and one access line per request.
 *
 * @example
 * const app = Fastify(fastapiServerOptions({ logger: true, accessLog: true }))
 * await app.register(RequestIdMiddleware, { trustHeader: true })   // behind a proxy that sets X-Request-ID
 */
export const RequestIdMiddleware = fp(requestIdPlugin, { fastify: '5.x', name: REQUEST_ID_PLUGIN })

export { REQUEST_ID_PATTERN, type RequestIdOptions } from '../../src/middleware/request-id.js'
