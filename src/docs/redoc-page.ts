import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { FFA_ERR_DOCS_REDOC_MISSING } from '../shared/codes.js'
import { escapeHtml, htmlPage, scriptValue, type HtmlPage } from './html.js'
import { perRootPath } from './per-root-path.js'

export interface RedocAssets {
  /** The page under a root path (`''` for none): its script and document are fetched under it. */
  page: (rootPath: string) => HtmlPage
  scriptUrl: string
  /** The standalone bundle (about 1 MB), read on the first visit. */
  script: () => Buffer
}

// ReDoc 2's menu footer shows a logo from its CDN, always: a blank image keeps the page offline.
const EXTERNAL_LOGO = 'https://cdn.redoc.ly/redoc/logo-mini.svg'
const BLANK_IMAGE = 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E'
// ReDoc runs its search index in a worker made from a blob of its own bundle.
const REDOC_WORKERS = ['blob:']

function offline (bundle: string): string {
  return bundle.replaceAll(EXTERNAL_LOGO, BLANK_IMAGE)
}

function standaloneBundle (): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js')
  } catch {
    return undefined
  }
}

/**
 * ReDoc, served from the `redoc` package's standalone bundle (FastAPI loads it from a CDN;
 * this server needs no network). `undefined` when redoc is not installed and nobody asked
 * for it by name; an error when they did.
 */
export function redocAssets (redocUrl: string, asked: boolean, title: string, openapiUrl: string): RedocAssets | undefined {
  const bundle = standaloneBundle()
  if (bundle === undefined) {
    if (asked) throw new FFA_ERR_DOCS_REDOC_MISSING(redocUrl)
    return undefined
  }
  const scriptUrl = `${redocUrl}/redoc.standalone.js`
  let script: Buffer | undefined
  const page = (rootPath: string): HtmlPage => {
    const init = `Redoc.init(${scriptValue(rootPath + openapiUrl)}, {}, document.getElementById('redoc-container'))`
    return htmlPage(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - ReDoc</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<noscript>ReDoc requires Javascript to function. Please enable it to browse the documentation.</noscript>
<div id="redoc-container"></div>
<script src="${escapeHtml(rootPath + scriptUrl)}"></script>
<script>${init}</script>
</body>
</html>
`, [init], REDOC_WORKERS)
  }
  const pages = perRootPath<HtmlPage>()
  return {
    page: (rootPath) => pages(rootPath, () => page(rootPath)),
    scriptUrl,
    script: () => (script ??= Buffer.from(offline(readFileSync(bundle, 'utf8')))),
  }
}
