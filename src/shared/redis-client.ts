/**
 * A Redis connection of the app's own, as a plugin's `redis` option takes it: an ioredis
 * client (`new Redis(...)`), used as it is and left open. Stated by the members the plugins
 * check for rather than as ioredis' class, so that the library's declarations do not load
 * ioredis' own: its command overloads are some ten thousand lines the compiler would read for
 * every app that imports the library, Redis or not.
 */
export interface RedisClient {
  defineCommand (...args: never[]): unknown
  evalsha (...args: never[]): unknown
}
