import { z } from 'zod'
import { toJsonSchema } from '../inputs/json-schema.js'
import type { JsonSchema } from '../shared/openapi-types.js'
import type { ChannelDescription } from './websockets-state.js'

/** The document's `info`: the docs' title and version when the docs plugin has them. */
export interface AsyncApiInfo {
  title: string
  version: string
  description?: string
}

interface Message { name: string, payload: JsonSchema }

// A channel's id: its handler's name (`chat`), else its path made into a name (`items_item_id_ws`).
function channelId (channel: ChannelDescription, taken: Set<string>): string {
  const base = channel.handlerName !== '' && channel.handlerName !== 'anonymous'
    ? channel.handlerName
    : channel.path.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'root'
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`
  taken.add(id)
  return id
}

// The path's `{name}` params, as AsyncAPI's channel parameters (which carry no schema in v3).
function parametersOf (channel: ChannelDescription): Record<string, { description?: string }> | undefined {
  const names = [...channel.path.matchAll(/\{([^}:]+)(?::[^}]*)?\}|:([A-Za-z_$][\w$]*)/g)].map((match) => match[1] ?? match[2] as string)
  if (names.length === 0) return undefined
  const shape: Readonly<Record<string, z.core.$ZodType>> = channel.options.params?._zod.def.shape ?? {}
  return Object.fromEntries(names.map((name) => {
    const field = shape[name]
    const description = field === undefined ? undefined : z.globalRegistry.get(field)?.description
    return [name, description === undefined ? {} : { description }]
  }))
}

// Without its `$schema` (draft 2020-12): AsyncAPI's default schema format is its own.
function payloadOf (schema: z.core.$ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _draft, ...payload } = toJsonSchema(schema, io) as JsonSchema & { $schema?: string }
  return payload
}

function message (name: string, schema: z.core.$ZodType | undefined, io: 'input' | 'output'): Message {
  return { name, payload: schema === undefined ? { type: 'string' } : payloadOf(schema, io) }
}

/**
 * The websocket routes as an AsyncAPI 3 document, beside `/openapi.json` (FastAPI documents
 * no websocket): one channel per route, at its path, with the messages the client sends
 * (`incoming`: the app's `receive` operation) and those the server sends (`outgoing`: its
 * `send` operation) as JSON Schema, and the handshake's query and headers as a `ws` binding.
 */
export function buildAsyncApiDocument (info: AsyncApiInfo, channels: readonly ChannelDescription[]): Record<string, unknown> {
  const taken = new Set<string>()
  const documentChannels: Record<string, unknown> = {}
  const operations: Record<string, unknown> = {}
  for (const channel of channels) {
    if (channel.options.includeInSchema === false) continue
    const id = channelId(channel, taken)
    const { query, headers, summary, description, tags } = channel.options
    const bindingsWs: Record<string, unknown> = { method: 'GET', bindingVersion: '0.1.0' }
    if (query !== undefined) bindingsWs.query = payloadOf(query, 'input')
    if (headers !== undefined) bindingsWs.headers = payloadOf(headers, 'input')
    const parameters = parametersOf(channel)
    documentChannels[id] = {
      address: channel.path,
      ...(summary === undefined ? {} : { summary }),
      ...(description === undefined ? {} : { description }),
      ...(tags === undefined ? {} : { tags: tags.map((name) => ({ name })) }),
      ...(parameters === undefined ? {} : { parameters }),
      messages: {
        incoming: message(`${id}.incoming`, channel.options.incoming, 'input'),
        outgoing: message(`${id}.outgoing`, channel.options.outgoing, 'output'),
      },
      bindings: { ws: bindingsWs },
    }
    operations[`${id}.receive`] = { action: 'receive', channel: { $ref: `#/channels/${id}` }, messages: [{ $ref: `#/channels/${id}/messages/incoming` }] }
    operations[`${id}.send`] = { action: 'send', channel: { $ref: `#/channels/${id}` }, messages: [{ $ref: `#/channels/${id}/messages/outgoing` }] }
  }
  return { asyncapi: '3.0.0', info, defaultContentType: 'application/json', channels: documentChannels, operations }
}
