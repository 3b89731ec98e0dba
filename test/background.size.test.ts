import { describe, expect, it } from 'vitest'
import { buildApp } from './helpers/app.js'

// FastAPI's `len(background_tasks.tasks)`: how many tasks wait for the response.

describe('background.size', () => {
  it('counts the tasks added so far for after the response', async () => {
    const app = await buildApp()
    app.api.post('/send-notification', ({ background }) => {
      const before = background.size
      background.add(function writeLog () {})
      background.add(function sendEmail () {})
      return { before, queued: background.size }
    })

    const res = await app.inject({ method: 'POST', url: '/send-notification' })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ before: 0, queued: 2 })
    await app.close()
  })
})
