import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { TurnWrites } from '../src/shared/turn-writes.js'

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

function writeHeld (turn: TurnWrites, socket: Writable, commands: string[]): void {
  for (const command of commands) {
    turn.hold(socket)
    socket.write(command)
  }
}

describe('TurnWrites', () => {
  it('sends what one turn writes together, once the turn is over', async () => {
    const { socket, writes } = sink()
    writeHeld(new TurnWrites(32), socket, ['a', 'b', 'c'])
    expect(writes).toEqual([])
    await nextTurn()
    expect(writes).toEqual([['a', 'b', 'c']])
  })

  it('holds each turn on its own', async () => {
    const { socket, writes } = sink()
    const turn = new TurnWrites(32)
    writeHeld(turn, socket, ['a'])
    await nextTurn()
    writeHeld(turn, socket, ['b', 'c'])
    await nextTurn()
    expect(writes).toEqual([['a'], ['b', 'c']])
    expect(socket.writableCorked).toBe(0)
  })

  it('sends a full batch at once, so a burst reaches the other side in pieces', async () => {
    const { socket, writes } = sink()
    writeHeld(new TurnWrites(2), socket, ['a', 'b', 'c', 'd', 'e'])
    expect(writes).toEqual([['a', 'b'], ['c', 'd']])
    await nextTurn()
    expect(writes).toEqual([['a', 'b'], ['c', 'd'], ['e']])
    expect(socket.writableCorked).toBe(0)
  })

  it('leaves a socket its owner holds to its owner', async () => {
    const { socket, writes } = sink()
    socket.cork()
    writeHeld(new TurnWrites(32), socket, ['a'])
    await nextTurn()
    expect(writes).toEqual([])
    socket.uncork()
    expect(writes).toEqual([['a']])
  })

  it('lets go of the socket it held when another one comes (a reconnected client)', async () => {
    const first = sink()
    const second = sink()
    const turn = new TurnWrites(32)
    writeHeld(turn, first.socket, ['a'])
    writeHeld(turn, second.socket, ['b'])
    expect(first.writes).toEqual([['a']])
    await nextTurn()
    expect(second.writes).toEqual([['b']])
  })

  it('does nothing without a socket (a Redis Cluster client has none of its own)', () => {
    expect(() => new TurnWrites(32).hold(undefined)).not.toThrow()
  })
})
