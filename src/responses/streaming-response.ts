import { Readable } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { Response } from './response.js'

/** What a stream is made of: strings or bytes, from an async generator, a generator or a Node stream. */
export type StreamContent = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array> | Readable

/**
 * Streams its content as it comes (FastAPI's `StreamingResponse`): an async generator, a
 * generator or a Node stream. The client going away stops the generator (its `finally`
 * runs). No media type unless given, or a subclass's (`static mediaType = 'image/png'`).
 *
 * @example
 * async function* fakeVideo () { for (let i = 0; i < 10; i++) yield 'some fake video bytes' }
 * app.api.get('/', () => new StreamingResponse(fakeVideo()))
 */
export class StreamingResponse extends Response<StreamContent> {
  override sendTo (reply: FastifyReply): FastifyReply {
    this.writeHead(reply)
    const { content } = this
    // Not object mode: each chunk is bytes for the socket, and Node's backpressure applies.
    return reply.send(content instanceof Readable ? content : Readable.from(content, { objectMode: false }))
  }
}
