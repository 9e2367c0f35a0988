import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DocumentStore } from '../persistence/document-store.ts';
import type { RelayMetrics } from './metrics.ts';
import { parseRequestTarget } from './request-target.ts';

/** GET /healthz (the process answers), /readyz (the store answers), /metrics (Prometheus text). */
export function createHttpRoutes(store: DocumentStore, metrics: RelayMetrics) {
  const json = (response: ServerResponse, status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const target = parseRequestTarget(request.url);
    if (!target.ok) return json(response, 400, { error: target.reason });
    const path = target.path;
    if (request.method !== 'GET')
      return json(response, 405, { error: 'only GET is served over HTTP; documents use WebSocket' });
    switch (path) {
      case '/healthz':
        return json(response, 200, { status: 'ok' });
      case '/readyz':
        return store.ping()
          ? json(response, 200, { status: 'ready' })
          : json(response, 503, { status: 'store unreachable' });
      case '/metrics':
        response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics());
        return;
      default:
        return json(response, 404, {
          error: 'not found: try /healthz, /readyz, /metrics, or a WebSocket at /<docName>?token=…',
        });
    }
  };
}
