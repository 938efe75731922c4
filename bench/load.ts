import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  latencyMeanMs: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  url: string;
  headers?: Record<string, string>;
  durationSeconds: number;
  connections?: number;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: string;
  requests?: autocannon.Request[];
}

/**
 * Drives keep-alive HTTP load at one URL for a fixed time and summarises it.
 * The mean latency comes from each 2xx response's exact time, because
 * autocannon's histogram keeps whole milliseconds.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const instance = autocannon({
    url: options.url,
    headers: options.headers,
    method: options.method ?? 'GET',
    body: options.body,
    ...(options.requests ? { requests: options.requests } : {}),
    duration: options.durationSeconds,
    connections: options.connections ?? 10,
  });
  let latencyTotalMs = 0;
  let latencyCount = 0;
  (instance as unknown as autocannon.Instance).on(
    'response',
    (_client, statusCode: number, _bytes: number, responseTimeMs: number) => {
      if (statusCode < 200 || statusCode >= 300) return;
      latencyTotalMs += responseTimeMs;
      latencyCount += 1;
    },
  );
  const result = await instance;
  return {
    requestsPerSecond: result.requests.average,
    latencyMeanMs: latencyCount === 0 ? 0 : latencyTotalMs / latencyCount,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
