// `npm start`: serve the app on http://127.0.0.1:8000 (PORT, HOST and LOG_LEVEL override).
// `npm run dev` runs this file too, restarted on every change, its logs made readable.
import { buildApp } from './app.js'

const app = await buildApp({ logger: { level: process.env.LOG_LEVEL ?? 'info' } })
await app.listen({ port: Number.parseInt(process.env.PORT ?? '8000', 10), host: process.env.HOST ?? '127.0.0.1' })
