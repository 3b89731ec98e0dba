import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { FFA_ERR_PLUGIN_MISSING } from '../shared/codes.js'
import { kBackgroundState, kBackgroundTasks } from '../shared/symbols.js'
import { BackgroundTasks } from './background-tasks.js'
import type { TaskRunner } from './task-runner.js'

/** The background plugin's state, on the instance it was registered on (and its children). */
export interface BackgroundState {
  runner: TaskRunner
  drainTimeoutMs: number
}

export function backgroundStateOf (instance: FastifyInstance): BackgroundState | undefined {
  return (instance as unknown as Record<symbol, BackgroundState | undefined>)[kBackgroundState]
}

type WithTasks = FastifyRequest & { [kBackgroundTasks]?: BackgroundTasks | null }

/**
 * Tells the request's tasks, if any, how its FastAPI-style handler ended: they run after a
 * success, and are dropped after a failure (also when the client left before the end).
 */
export function handlerEnded (request: FastifyRequest, failed: boolean): void {
  const tasks = existingBackgroundOf(request)
  if (tasks === undefined) return
  if (failed) tasks.drop()
  else tasks.handlerSettled()
}

/** The request's tasks, if something added one; what request-scoped cleanup waits for. */
export function existingBackgroundOf (request: FastifyRequest): BackgroundTasks | undefined {
  return (request as WithTasks)[kBackgroundTasks] ?? undefined
}

/**
 * The request's `BackgroundTasks`, made at its first use (a request that adds none pays
 * nothing). Its tasks start when the response is over: `close` comes after the last byte,
 * or when the client goes away, so an accepted task runs either way.
 */
export function backgroundOf (request: FastifyRequest, reply: FastifyReply, heldByHandler = false): BackgroundTasks {
  const withTasks = request as WithTasks
  let tasks = withTasks[kBackgroundTasks] ?? undefined
  if (tasks !== undefined) return tasks
  const state = backgroundStateOf(request.server)
  if (state === undefined) throw new FFA_ERR_PLUGIN_MISSING('BackgroundTasks', 'background (fastify-fastapi/background, or the fastapi preset)')
  const created = new BackgroundTasks(state.runner, request.log)
  if (heldByHandler) created.holdForHandler()
  tasks = created
  withTasks[kBackgroundTasks] = created
  if (reply.raw.destroyed) {
    // The client left before the handler ran: start once the handler had its turn to add tasks.
    setImmediate(() => created.start())
  } else {
    // 'close' comes after the last byte, or when the client leaves (then a held batch waits for its handler).
    reply.raw.once('close', () => created.start())
  }
  return created
}
