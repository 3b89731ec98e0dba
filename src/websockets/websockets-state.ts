import type { WebSocketHub } from './hub.js'
import type { WebSocketOptions } from './types.js'
import type { ResolvedWebSocketsOptions } from './websockets-options.js'

/** A websocket route as declared, for the AsyncAPI document. */
export interface ChannelDescription {
  path: string
  options: WebSocketOptions
  handlerName: string
}

/** The websockets plugin's state, on the instance it was registered on (and its children). */
export interface WebSocketsState {
  options: ResolvedWebSocketsOptions
  hub: WebSocketHub
  channels: ChannelDescription[]
}
