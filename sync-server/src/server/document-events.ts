import type { Logger } from 'pino';
import { MalformedMessageError } from '@holdfast/core/protocol';
import { RefusedUpdateError, type RelayDocumentEvents } from '@holdfast/core/relay';
import type { RelayMetrics } from './metrics.ts';

/** What the relay counts and logs of its documents (core's per-document logic reports it). */
export function documentEvents(metrics: RelayMetrics, log: Logger): RelayDocumentEvents {
  return {
    dropped(type) {
      metrics.dropped.inc({ type });
    },
    refused(connection, error) {
      const member = connection.member.id;
      if (error instanceof RefusedUpdateError) {
        metrics.dropped.inc({ type: 'refused-update' });
        log.info({ member, problem: error.reason }, 'refused update');
      } else if (error instanceof MalformedMessageError)
        log.info({ member, problem: error.message }, 'malformed message');
      else log.error({ err: error }, 'unexpected error handling a message');
    },
    timing(operation) {
      if (operation !== 'append') return metrics.persistSeconds.startTimer({ operation });
      // Once per update: a clock read and a value kept for the histogram (metrics.ts).
      const start = performance.now();
      return () => metrics.observeAppend((performance.now() - start) / 1000);
    },
  };
}
