import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import { BackgroundTasks } from '../src/background/background-tasks.js'
import { TaskRunner } from '../src/background/task-runner.js'
import { deferred } from './helpers/deferred.js'

// A request's tasks start once, when both its response is over and its handler has returned;
// after that, nothing the request is told (the handler settling again, a late failure) runs
// them a second time or takes back the ones still to run.

function batch () {
  const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn() } as unknown as FastifyBaseLogger
  const runner = new TaskRunner()
  return { log, runner, tasks: new BackgroundTasks(runner, log) }
}

describe('a request\'s background tasks start once', () => {
  it('runs them once, however often the handler is said to have settled after the client left', async () => {
    const { log, runner, tasks } = batch()
    const ran: string[] = []
    tasks.holdForHandler()
    tasks.add(function notify () { ran.push('notify') })
    tasks.start() // the client left while the handler ran
    tasks.handlerSettled()
    tasks.handlerSettled()

    expect(await runner.drain(1000, log)).toBe(true)
    expect(ran).toEqual(['notify'])
  })

  it('lets the tasks already started run to the end when the request is then said to have failed', async () => {
    const { log, runner, tasks } = batch()
    const ran: string[] = []
    const release = deferred()
    tasks.add(async function first () { await release.promise; ran.push('first') })
    tasks.add(function second () { ran.push('second') })
    tasks.start()
    tasks.drop()
    release.resolve()

    expect(await runner.drain(1000, log)).toBe(true)
    expect(ran).toEqual(['first', 'second'])
    expect(log.warn).not.toHaveBeenCalled()
  })
})
