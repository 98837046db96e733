import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addressProblem, checkedLookup } from './address-guard';

/** The lookup every webhook call connects through, against a real local server reached by name. */
describe('checkedLookup', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const get = (allowPrivate: boolean) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: 'localhost', port, path: '/', family: 4, lookup: checkedLookup(allowPrivate) }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses to connect to a name that resolves to a loopback address', async () => {
    await expect(get(false)).rejects.toMatchObject({ code: 'EADDRNOTPUBLIC', message: expect.stringMatching(/not a public address/) });
  });

  it('connects when private addresses are allowed', async () => {
    await expect(get(true)).resolves.toBe(200);
  });

  it('refuses a registration whose host resolves to loopback, or does not resolve', async () => {
    expect(await addressProblem(`http://localhost:${port}/`, false)).toMatch(/a private, loopback or link-local address/);
    expect(await addressProblem('http://no-such-host.invalid/', false)).toMatch(/does not resolve/);
  });
});
