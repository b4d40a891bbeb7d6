import { describe, expect, it } from 'vitest';
import { parseFirewalld } from './firewalld';
import { networkFixture } from './fixtures';

describe('firewall-cmd --list-all-zones (firewalld 1.3.3, Kubernetes ports opened on public)', () => {
  const v = parseFirewalld(networkFixture('firewalld-offline-list-all-zones.txt'), 'network/firewalld.txt');

  it('lists every zone and which are active', () => {
    expect(v.source).toBe('firewall-cmd');
    expect(v.zones.map((z) => z.name)).toEqual(['block', 'dmz', 'drop', 'external', 'home', 'internal', 'public', 'trusted', 'work']);
    expect(v.zones.filter((z) => z.active).map((z) => z.name)).toEqual(['public', 'trusted']);
  });

  it('reads the settings and rich rules of a zone', () => {
    const pub = v.zones.find((z) => z.name === 'public')!;
    expect(pub.settings).toMatchObject({
      target: 'default',
      interfaces: 'eth0',
      services: 'dhcpv6-client ssh',
      ports: '6443/tcp 10250/tcp 30000-32767/tcp',
      masquerade: 'yes',
      'forward-ports': '',
    });
    expect(pub.richRules).toEqual(['rule family="ipv4" source address="10.244.0.0/16" accept']);
    expect(v.zones.find((z) => z.name === 'trusted')?.settings.sources).toBe('10.244.0.0/16');
  });
});

describe('systemctl status firewalld', () => {
  it('reads whether it runs and is enabled', () => {
    const text = [
      '● firewalld.service - firewalld - dynamic firewall daemon',
      '     Loaded: loaded (/usr/lib/systemd/system/firewalld.service; enabled; vendor preset: enabled)',
      '     Active: active (running) since Mon 2023-02-13 17:20:01 CST; 2h 3min ago',
      '       Docs: man:firewalld(1)',
      '   Main PID: 812 (firewalld)',
    ].join('\n');
    expect(parseFirewalld(text, 'x')).toMatchObject({ source: 'systemctl', running: true, enabled: 'enabled', state: 'active (running) since Mon 2023-02-13 17:20:01 CST; 2h 3min ago' });
    const stopped = text.replace('enabled;', 'disabled;').replace(/Active: .*/, 'Active: inactive (dead)');
    expect(parseFirewalld(stopped, 'x')).toMatchObject({ running: false, enabled: 'disabled', state: 'inactive (dead)' });
    expect(parseFirewalld('Unit firewalld.service could not be found.\n', 'x')).toMatchObject({ running: false, state: 'not installed' });
  });
});

describe('firewall-cmd when it cannot answer', () => {
  it('says firewalld is not running, or quotes the error (here: no D-Bus, from a collector run on this VM)', () => {
    expect(parseFirewalld('FirewallD is not running\n', 'x')).toMatchObject({ source: 'firewall-cmd', running: false, state: 'not running' });
    const dbus = 'Error: DBUS_ERROR: Failed to connect to socket /run/dbus/system_bus_socket: No such file or directory\n';
    expect(parseFirewalld(dbus, 'x')).toMatchObject({ running: null, state: dbus.trim(), zones: [] });
  });
});
