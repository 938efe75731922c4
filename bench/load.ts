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

/** Drives keep-alive HTTP load at one URL for a fixed time and summarises it. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    headers: options.headers,
    method: options.method ?? 'GET',
    body: options.body,
    ...(options.requests ? { requests: options.requests } : {}),
    duration: options.durationSeconds,
    connections: options.connections ?? 10,
  });
  return {
    requestsPerSecond: result.requests.average,
    latencyMeanMs: result.latency.average,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
