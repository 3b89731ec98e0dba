import type { Redis } from 'ioredis'
import type { RoomBroker } from './hub.js'

/**
 * Rooms across app instances over Redis pub/sub: one channel per room (`<prefix>:<room>`),
 * subscribed while this instance has a socket in it. A subscribed connection can only
 * listen, so publishing goes through a second one.
 */
export class RedisRoomBroker implements RoomBroker {
  readonly #publisher: Redis
  readonly #subscriber: Redis
  readonly #prefix: string

  /** `publisher` stays its owner's to close (the plugin, or the app that gave it); `subscriber` is the broker's. */
  constructor (publisher: Redis, subscriber: Redis, prefix: string) {
    this.#publisher = publisher
    this.#subscriber = subscriber
    this.#prefix = `${prefix}:`
  }

  async subscribe (room: string): Promise<void> {
    await this.#subscriber.subscribe(this.#prefix + room)
  }

  async unsubscribe (room: string): Promise<void> {
    await this.#subscriber.unsubscribe(this.#prefix + room)
  }

  async publish (room: string, payload: string): Promise<void> {
    await this.#publisher.publish(this.#prefix + room, payload)
  }

  onMessage (listener: (room: string, payload: string) => void): void {
    this.#subscriber.on('message', (channel: string, payload: string) => {
      if (channel.startsWith(this.#prefix)) listener(channel.slice(this.#prefix.length), payload)
    })
  }

  async close (): Promise<void> {
    this.#subscriber.disconnect()
  }
}
