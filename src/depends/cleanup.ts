import type { FastifyBaseLogger } from 'fastify'

type CleanupGenerator = Generator<unknown, unknown, unknown> | AsyncGenerator<unknown, unknown, unknown>

/**
 * The generator dependencies set up for one request (or app), last set up first out:
 * FastAPI's exit stack. Each runs the code after its `yield` once.
 */
export class CleanupStack {
  private readonly generators: CleanupGenerator[] = []
  private readonly log: FastifyBaseLogger

  constructor (log: FastifyBaseLogger) {
    this.log = log
  }

  get size (): number {
    return this.generators.length
  }

  /** `named` is the dependency, whose name is read only if its cleanup fails (an anonymous one's is formatted then). */
  push (generator: CleanupGenerator, named: Named): void {
    this.generators.push(Object.assign(generator, { [kNamed]: named }))
  }

  /**
   * Runs every cleanup after a success. A cleanup that throws is logged and the others
   * still run: the response is gone, nothing can change it.
   */
  async close (): Promise<void> {
    for (let generator = this.generators.pop(); generator !== undefined; generator = this.generators.pop()) {
      try {
        await generator.next()
      } catch (error) {
        this.log.error({ err: error, dependency: nameOf(generator) }, `The cleanup of dependency ${nameOf(generator)} failed`)
      }
    }
  }

  /**
   * Runs every cleanup after a success, as Python's `AsyncExitStack` exits: a cleanup that
   * throws hands its error to the ones set up before it (thrown in at their `yield`), and the
   * error left at the end is thrown. FastAPI's function-scoped dependencies exit this way,
   * before the response: a failed commit becomes the answer.
   */
  async exit (): Promise<void> {
    for (let generator = this.generators.pop(); generator !== undefined; generator = this.generators.pop()) {
      try {
        await generator.next()
      } catch (error) {
        throw await this.throwInto(error)
      }
    }
  }

  /**
   * Throws the handler's error into every generator at its `yield`, last first, so that a
   * dependency can catch it (a rollback) or replace it by throwing another. Returns the error
   * left at the end, which becomes the response.
   */
  async throwInto (error: unknown): Promise<unknown> {
    let current = error
    for (let generator = this.generators.pop(); generator !== undefined; generator = this.generators.pop()) {
      try {
        await generator.throw(current)
      } catch (thrown) {
        current = thrown
      }
    }
    return current
  }
}

interface Named { readonly name: string }

const kNamed = Symbol('dependency')

// Every generator on a stack was pushed with its dependency.
function nameOf (generator: CleanupGenerator): string {
  return (generator as unknown as { [kNamed]: Named })[kNamed].name
}
