import type { HTTPMiddleware } from 'fastify-fastapi'

/**
 * Adds `X-Process-Time` (seconds) to every response, errors answered by the app included:
 * FastAPI's middleware tutorial, registered in `app.ts` with `app.middleware('http', ...)`.
 *
 * ```python
 * @app.middleware("http")
 * async def add_process_time_header(request: Request, call_next):
 *     start_time = time.perf_counter()
 *     response = await call_next(request)
 *     process_time = time.perf_counter() - start_time
 *     response.headers["X-Process-Time"] = str(process_time)
 *     return response
 * ```
 */
export const addProcessTimeHeader: HTTPMiddleware = async (request, callNext) => {
  const startTime = performance.now()
  const response = await callNext(request)
  const processTime = (performance.now() - startTime) / 1000
  response.headers.set('X-Process-Time', String(processTime))
  return response
}
