import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { APIRouter, fastapi } from 'fastify-fastapi'

// The websocket routes as an AsyncAPI 3 document beside /openapi.json (FastAPI documents no
// websocket): one channel per route, its messages as JSON Schema from the zod declarations.

describe('AsyncAPI document', () => {
  it('documents each channel: its address, parameters, handshake query and headers, and both directions of messages', async () => {
    const app = Fastify()
    await app.register(fastapi, { docs: { title: 'Chat', version: '2.0.0' }, websockets: {} })
    const router = new APIRouter({ prefix: '/rooms', tags: ['chat'] })
    router.websocket('/{room_id}', {
      params: z.object({ room_id: z.coerce.number().int().describe('The room') }),
      query: z.object({ token: z.string() }),
      incoming: z.discriminatedUnion('type', [z.object({ type: z.literal('say'), text: z.string() })]),
      outgoing: z.object({ type: z.literal('said'), text: z.string() }),
      summary: 'A chat room',
    }, function chat_room () {})
    app.api.websocket('/hidden', { includeInSchema: false }, () => undefined)
    app.api.websocket('/echo', () => undefined)
    await app.register(router)
    const res = await app.inject({ url: '/asyncapi.json' })
    expect(res.statusCode, res.body).toBe(200)
    const document = res.json()
    expect(document).toMatchObject({ asyncapi: '3.0.0', info: { title: 'Chat', version: '2.0.0' }, defaultContentType: 'application/json' })
    expect(Object.keys(document.channels)).toEqual(['echo', 'chat_room'])
    expect(document.channels.chat_room).toEqual({
      address: '/rooms/{room_id}',
      summary: 'A chat room',
      tags: [{ name: 'chat' }],
      parameters: { room_id: { description: 'The room' } },
      messages: {
        incoming: {
          name: 'chat_room.incoming',
          payload: expect.objectContaining({ oneOf: [expect.objectContaining({ properties: { type: { type: 'string', const: 'say' }, text: { type: 'string' } } })] }),
        },
        outgoing: {
          name: 'chat_room.outgoing',
          payload: expect.objectContaining({ type: 'object', properties: { type: { type: 'string', const: 'said' }, text: { type: 'string' } } }),
        },
      },
      bindings: { ws: { method: 'GET', bindingVersion: '0.1.0', query: expect.objectContaining({ properties: { token: { type: 'string' } }, required: ['token'] }) } },
    })
    expect(document.channels.echo.messages.incoming.payload).toEqual({ type: 'string' })
    expect(JSON.stringify(document)).not.toContain('$schema')
    expect(document.operations['chat_room.receive']).toEqual({ action: 'receive', channel: { $ref: '#/channels/chat_room' }, messages: [{ $ref: '#/channels/chat_room/messages/incoming' }] })
    expect(document.operations['chat_room.send']).toEqual({ action: 'send', channel: { $ref: '#/channels/chat_room' }, messages: [{ $ref: '#/channels/chat_room/messages/outgoing' }] })
    // Websocket routes stay out of the OpenAPI document.
    expect(JSON.stringify((await app.inject({ url: '/openapi.json' })).json().paths ?? {})).not.toContain('rooms')
    await app.close()
  })

  it('serves no document with asyncapiUrl: false', async () => {
    const app = Fastify()
    await app.register(fastapi, { websockets: { asyncapiUrl: false } })
    expect((await app.inject({ url: '/asyncapi.json' })).statusCode).toBe(404)
    await app.close()
  })
})
