import { escapeHtml, htmlPage, scriptValue, type HtmlPage } from './html.js'

export interface SwaggerUiPage {
  title: string
  /** Where @fastify/swagger-ui serves Swagger UI's files: `/docs/static`. */
  assetsUrl: string
  /** Swagger UI's configuration: `url` or `urls`, and FastAPI's parameters. */
  config: Record<string, unknown>
  initOAuth: Record<string, unknown>
  /** The OAuth2 redirect page's path, made absolute in the page as FastAPI does. */
  oauth2RedirectUrl: string | null
}

/** A Swagger UI page of its own (FastAPI's `get_swagger_ui_html`), on the files @fastify/swagger-ui serves. */
export function swaggerUiPage ({ title, assetsUrl, config, initOAuth, oauth2RedirectUrl }: SwaggerUiPage): HtmlPage {
  const redirect = oauth2RedirectUrl === null ? '' : `\n  oauth2RedirectUrl: window.location.origin + ${scriptValue(oauth2RedirectUrl)},`
  const init = `
const ui = SwaggerUIBundle(Object.assign({
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  plugins: [SwaggerUIBundle.plugins.DownloadUrl],
  validatorUrl: null,${redirect}
}, ${scriptValue(config)}))
ui.initOAuth(${scriptValue(initOAuth)})
`
  return htmlPage(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" type="text/css" href="${escapeHtml(assetsUrl)}/swagger-ui.css">
<link rel="icon" type="image/png" href="${escapeHtml(assetsUrl)}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${escapeHtml(assetsUrl)}/swagger-ui-bundle.js"></script>
<script src="${escapeHtml(assetsUrl)}/swagger-ui-standalone-preset.js"></script>
<script>${init}</script>
</body>
</html>
`, [init])
}
