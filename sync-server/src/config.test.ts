import { describe, expect, it } from 'vitest';
import { ConfigError, loadRelayConfig } from './config.ts';

describe('relay configuration', () => {
  it('takes defaults, then environment, then flags', () => {
    expect(loadRelayConfig([], {}).port).toBe(1234);
    expect(loadRelayConfig([], { HOLDFAST_RELAY_PORT: '4000' }).port).toBe(4000);
    expect(loadRelayConfig(['--port', '5000'], { HOLDFAST_RELAY_PORT: '4000' }).port).toBe(5000);
    expect(loadRelayConfig(['--max-message-bytes', '2048'], {}).maxMessageBytes).toBe(2048);
  });

  it('stops on a bad value and names the flag, the variable and the value', () => {
    expect(() => loadRelayConfig(['--port', 'eighty'], {})).toThrow(ConfigError);
    expect(() => loadRelayConfig([], { HOLDFAST_RELAY_RATE_LIMIT_PER_SECOND: '0' })).toThrow(
      /--rate-limit-per-second \/ HOLDFAST_RELAY_RATE_LIMIT_PER_SECOND: .* \(got "0"\)/,
    );
    expect(() => loadRelayConfig(['--durability', 'sometimes'], {})).toThrow(/normal.*full/);
  });

  it('reads flags after the `--` pnpm passes along (`pnpm start -- --port N`)', () => {
    expect(loadRelayConfig(['--', '--port', '5001'], {}).port).toBe(5001);
  });

  it('refuses an unknown flag', () => {
    expect(() => loadRelayConfig(['--prot', '1'], {})).toThrow(/prot/);
  });
});
