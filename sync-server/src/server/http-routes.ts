import type { IncomingMessage, ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { parseRequestTarget } from './request-target.ts';

export type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * GET /healthz (the process answers), /readyz (the store answers; on a cluster node also the
 * LISTEN connection and fan-out lag), /metrics (Prometheus text of every registry given).
 */
export function createHttpRoutes(readiness: () => Promise<Readiness>, registries: readonly Registry[]) {
  const registry = registries.length === 1 ? registries[0]! : Registry.merge([...registries]);
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
      case '/readyz': {
        const verdict = await readiness();
        return verdict.ready
          ? json(response, 200, { status: 'ready' })
          : json(response, 503, { status: 'not ready', reason: verdict.reason });
      }
      case '/metrics':
        response.writeHead(200, { 'content-type': registry.contentType }).end(await registry.metrics());
        return;
      default:
        return json(response, 404, {
          error: 'not found: try /healthz, /readyz, /metrics, or a WebSocket at /<docName>?token=…',
        });
    }
  };
}
