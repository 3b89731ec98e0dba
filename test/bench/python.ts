// Finds a Python that can run FastAPI under uvicorn. pyenv's shim often shadows Debian's
// /usr/bin/python3 (where apt-get installs python3-fastapi), so both are tried, after
// BENCH_PYTHON when set.
import { execFileSync } from 'node:child_process'

export interface PythonStack { executable: string, versions: Record<string, string> }

const PROBE = 'import sys, fastapi, uvicorn, pydantic, uvloop, httptools, json; ' +
  'print(json.dumps({"python": sys.version.split()[0], "fastapi": fastapi.__version__, "uvicorn": uvicorn.__version__, ' +
  '"pydantic": pydantic.VERSION, "uvloop": uvloop.__version__, "httptools": httptools.__version__}))'

export function findPython (): PythonStack | { missing: string } {
  const candidates = [process.env.BENCH_PYTHON, 'python3', '/usr/bin/python3'].filter((c): c is string => c !== undefined && c !== '')
  for (const executable of candidates) {
    try {
      const out = execFileSync(executable, ['-c', PROBE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      return { executable, versions: JSON.parse(out) as Record<string, string> }
    } catch { /* try the next one */ }
  }
  return {
    missing: `no Python among ${candidates.join(', ')} imports fastapi, uvicorn, uvloop and httptools ` +
      '(apt-get install -y python3-fastapi python3-uvicorn python3-uvloop python3-httptools, or set BENCH_PYTHON)',
  }
}
