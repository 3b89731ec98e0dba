import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { writeAtTurnEnd } from '../src/shared/write-at-turn-end.js'

// A sink that records each write it is given, as a socket makes one system call per write.
function sink (): { socket: Writable, writes: string[][] } {
  const writes: string[][] = []
  const socket = new Writable({
    write (chunk: Buffer, _encoding, done) { writes.push([chunk.toString()]); done() },
    writev (chunks, done) { writes.push(chunks.map(({ chunk }) => String(chunk))); done() },
  })
  return { socket, writes }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

describe('writeAtTurnEnd', () => {
  it('sends what one turn writes in one write, once the turn is over', async () => {
    const { socket, writes } = sink()
    for (const command of ['a', 'b', 'c']) {
      writeAtTurnEnd(socket)
      socket.write(command)
    }
    expect(writes).toEqual([])
    await nextTurn()
    expect(writes).toEqual([['a', 'b', 'c']])
  })

  it('holds each turn on its own', async () => {
    const { socket, writes } = sink()
    writeAtTurnEnd(socket)
    socket.write('a')
    await nextTurn()
    writeAtTurnEnd(socket)
    socket.write('b')
    socket.write('c')
    await nextTurn()
    expect(writes).toEqual([['a'], ['b', 'c']])
    expect(socket.writableCorked).toBe(0)
  })

  it('leaves a socket its owner holds to its owner', async () => {
    const { socket, writes } = sink()
    socket.cork()
    writeAtTurnEnd(socket)
    socket.write('a')
    await nextTurn()
    expect(writes).toEqual([])
    socket.uncork()
    expect(writes).toEqual([['a']])
  })

  it('does nothing without a socket (a Redis Cluster client has none of its own)', () => {
    expect(() => writeAtTurnEnd(undefined)).not.toThrow()
  })
})
