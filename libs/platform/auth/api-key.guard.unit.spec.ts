import { Controller, Get, Param, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { apiKeyEntry } from './api-key-entry';
import { AdminKeyAnnouncement, AuthModule } from './auth.module';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import type { Principal } from './roles';
import { Roles } from './roles.decorator';

@Controller('v1')
class TestController {
  @Get('health')
  @Public()
  health(@CurrentPrincipal() principal: Principal | undefined) {
    return { ok: true, keyId: principal?.keyId ?? null };
  }

  @Get('partners/:id/balance')
  @Roles('finance', 'analyst', 'partner')
  balance(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return { partnerId: id, principal };
  }

  @Get('ledger/verify')
  @Roles('finance')
  verify() {
    return { ok: true };
  }

  @Get('partnerless')
  @Roles('partner')
  partnerless() {
    return { ok: true };
  }

  @Get('undecorated')
  undecorated() {
    return { ok: true };
  }
}

@Controller('v1/ingest-only')
@Roles('ingest')
class IngestController {
  @Get()
  list() {
    return { ok: true };
  }

  @Get('finance')
  @Roles('finance')
  overridden() {
    return { ok: true };
  }
}

async function start(apiKeys: string | undefined, dataDir: string, print: (line: string) => void = () => undefined) {
  const moduleRef = await Test.createTestingModule({
    imports: [AuthModule.forRoot({ apiKeys, dataDir, print })],
    controllers: [TestController, IngestController],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('ApiKeyGuard', () => {
  let dataDir: string;
  let app: INestApplication;
  const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
  const get = (url: string, key?: string) =>
    request(app.getHttpServer())
      .get(url)
      .set(key ? bearer(key) : {});

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-guard-'));
    app = await start(
      'adm-key-0123456789:admin,ing-key-0123456789:ingest,fin-key-0123456789:finance,ana-key-0123456789:analyst,k7-key-0123456789:partner:P-1',
      dataDir,
    );
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers 401 without a key, with an invalid key and with a malformed header', async () => {
    for (const req of [
      get('/v1/ledger/verify'),
      get('/v1/ledger/verify', 'wrong'),
      request(app.getHttpServer()).get('/v1/ledger/verify').set('Authorization', 'fin-key-0123456789'),
      request(app.getHttpServer()).get('/v1/ledger/verify').set('Authorization', 'Basic fin-key-0123456789'),
      request(app.getHttpServer()).get('/v1/ledger/verify').set('Authorization', 'Bearer fin-key-0123456789 extra'),
    ]) {
      const res = await req;
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ statusCode: 401, message: 'missing or invalid API key' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
  });

  it('accepts the scheme case-insensitively', async () => {
    await request(app.getHttpServer()).get('/v1/ledger/verify').set('Authorization', 'bearer fin-key-0123456789').expect(200);
  });

  it('answers 403 naming the required roles when the role does not fit', async () => {
    const res = await get('/v1/ledger/verify', 'ana-key-0123456789');
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('this route requires one of the roles admin, finance');
    await get('/v1/partners/P-1/balance', 'ing-key-0123456789').expect(403);
  });

  it('answers 200 for a fitting role and attaches the principal without the key', async () => {
    await get('/v1/ledger/verify', 'fin-key-0123456789').expect(200, { ok: true });
    const res = await get('/v1/partners/P-9/balance', 'ana-key-0123456789').expect(200);
    expect(res.body.principal).toEqual({ keyId: apiKeyEntry('ana-key-0123456789', 'analyst').keyId, role: 'analyst' });
    expect(JSON.stringify(res.body)).not.toContain('ana-key-0123456789');
  });

  it('lets admin do everything', async () => {
    for (const url of [
      '/v1/ledger/verify',
      '/v1/partners/P-1/balance',
      '/v1/partners/P-2/balance',
      '/v1/undecorated',
      '/v1/ingest-only',
      '/v1/partnerless',
    ]) {
      await get(url, 'adm-key-0123456789').expect(200);
    }
  });

  it('scopes a partner key to its own partner', async () => {
    const own = await get('/v1/partners/P-1/balance', 'k7-key-0123456789').expect(200);
    expect(own.body.principal).toMatchObject({ role: 'partner', partnerId: 'P-1' });
    const other = await get('/v1/partners/P-2/balance', 'k7-key-0123456789').expect(403);
    expect(other.body.message).toBe('a partner key sees only its own partner');
    await get('/v1/partners/P-1x/balance', 'k7-key-0123456789').expect(403);
    await get('/v1/partnerless', 'k7-key-0123456789').expect(403);
    await get('/v1/ledger/verify', 'k7-key-0123456789').expect(403);
  });

  it('keeps routes without @Roles or @Public admin-only', async () => {
    for (const key of ['ing-key-0123456789', 'fin-key-0123456789', 'ana-key-0123456789', 'k7-key-0123456789']) {
      const res = await get('/v1/undecorated', key).expect(403);
      expect(res.body.message).toBe('this route requires role admin');
    }
    await get('/v1/undecorated').expect(401);
  });

  it('applies controller @Roles, overridden by handler @Roles', async () => {
    await get('/v1/ingest-only', 'ing-key-0123456789').expect(200);
    await get('/v1/ingest-only', 'fin-key-0123456789').expect(403);
    await get('/v1/ingest-only/finance', 'fin-key-0123456789').expect(200);
    await get('/v1/ingest-only/finance', 'ing-key-0123456789').expect(403);
  });

  it('leaves @Public routes open, with or without a key', async () => {
    await get('/v1/health').expect(200, { ok: true, keyId: null });
    await get('/v1/health', 'wrong').expect(200, { ok: true, keyId: null });
    await get('/v1/health', 'fin-key-0123456789').expect(200, { ok: true, keyId: apiKeyEntry('fin-key-0123456789', 'finance').keyId });
  });
});

describe('AuthModule.forRoot with empty API_KEYS', () => {
  it('bootstraps an admin key that is printed once and then works', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-module-'));
    try {
      const lines: string[] = [];
      const app = await start('', dataDir, (line) => lines.push(line));
      // Nothing is stored or printed until the server announces it (main.ts does once it listens).
      expect(lines).toEqual([]);
      expect(fs.readdirSync(dataDir)).toEqual([]);
      const announcement = app.get(AdminKeyAnnouncement);
      expect(announcement.pending).toBe(true);
      announcement.publish();
      announcement.publish();
      expect(lines).toHaveLength(1);
      const key = lines.join('\n').match(/adm_[A-Za-z0-9_-]{32}/)?.[0];
      expect(key).toBeDefined();
      await request(app.getHttpServer()).get('/v1/undecorated').set('Authorization', `Bearer ${key}`).expect(200);
      await app.close();

      const later: string[] = [];
      const restarted = await start(undefined, dataDir, (line) => later.push(line));
      expect(restarted.get(AdminKeyAnnouncement).pending).toBe(false);
      restarted.get(AdminKeyAnnouncement).publish();
      expect(later.join('\n')).toMatch(/already exists/);
      expect(later.join('\n')).not.toContain(key!);
      await request(restarted.getHttpServer()).get('/v1/undecorated').set('Authorization', `Bearer ${key}`).expect(200);
      await restarted.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('forgets a generated key that was never announced (start-up failed after it was made)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auth-module-'));
    try {
      const lines: string[] = [];
      const failed = await start('', dataDir, (line) => lines.push(line));
      await failed.close();
      expect(lines).toEqual([]);
      expect(fs.readdirSync(dataDir)).toEqual([]);
      const next = await start('', dataDir, (line) => lines.push(line));
      expect(next.get(AdminKeyAnnouncement).pending).toBe(true); // a new key, not a hash nobody holds
      await next.close();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails start-up on a bad API_KEYS', async () => {
    await expect(start('nokey', os.tmpdir())).rejects.toThrow(/API_KEYS entry 1 has no role/);
  });
});
