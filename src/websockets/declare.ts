import { declareOn, RouteMethods, type RouteKind } from '../routing/route-methods.js'
import { DeclarationSite } from '../shared/declaration-site.js'
import { compileWebSocketRoute } from './compile-websocket.js'
import type { WebSocketMethod } from './types.js'
import { checkWebSocketOptions } from './websocket-options-check.js'

declare module '../routing/route-methods.js' {
  interface RouteMethods {
    /**
     * A websocket route (FastAPI's `@app.websocket` / `@router.websocket`): inputs validated
     * and dependencies solved before the upgrade, typed messages after it.
     *
     * @example
     * router.websocket('/items/{item_id}/ws', {
     *   params: z.object({ item_id: z.coerce.number().int() }),
     *   deps: { user: currentUser },
     *   incoming: z.object({ text: z.string() }),
     *   outgoing: z.object({ item_id: z.number(), text: z.string() }),
     * }, async ({ params, socket }) => {
     *   for await (const message of socket) socket.send({ item_id: params.item_id, text: message.text })
     * })
     */
    readonly websocket: WebSocketMethod<this>
  }
}

const WEBSOCKET: RouteKind = {
  check: checkWebSocketOptions,
  compile: compileWebSocketRoute,
}

// On the prototype, as the HTTP methods are: an APIRouter is a function borrowing it.
if (!Object.hasOwn(RouteMethods.prototype, 'websocket')) {
  Object.defineProperty(RouteMethods.prototype, 'websocket', {
    value: function websocket (this: RouteMethods, path: string, optionsOrHandler: object | ((...args: never[]) => unknown), maybeHandler?: (...args: never[]) => unknown) {
      const [options, handler] = typeof optionsOrHandler === 'function' ? [{}, optionsOrHandler] : [optionsOrHandler ?? {}, maybeHandler]
      declareOn(this, { method: 'GET', path, options, handler: handler as never, site: new DeclarationSite(), kind: WEBSOCKET })
      return this
    },
  })
}
