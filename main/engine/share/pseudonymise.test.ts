import { describe, expect, it } from 'vitest';
import { newShareMap, type ShareMapFile, type ValueKind } from './map';
import { MAX_DISTINCT_COUNTED, Pseudonymiser } from './pseudonymise';
import { redactSecrets } from './secrets';
import { Unsharer } from './unshare';

function pseudonymiser(map: ShareMapFile = newShareMap(), names: [string, ValueKind][] = [], domains: string[] = [], keep: string[] = []): Pseudonymiser {
  return new Pseudonymiser(map, { names: new Map(names), domains: new Set(domains) }, new Set(keep));
}

describe('pseudonymising one text', () => {
  const map = newShareMap();
  const p = pseudonymiser(map, [['worker-3', 'hostname'], ['payments', 'namespace']], ['prod.acme.com']);

  it('maps an address to 240.0.0.0/4, keeping its host byte and /24 with its neighbours', () => {
    const out = p.text('from 10.244.3.7 to 10.244.3.9 via 10.244.4.1, net 10.244.3.0/24');
    const [a, b, c, net] = out.match(/\d+\.\d+\.\d+\.\d+/g)!;
    expect(Number(a!.split('.')[0])).toBeGreaterThanOrEqual(240);
    expect(a!.split('.').slice(0, 3)).toEqual(b!.split('.').slice(0, 3));
    expect(a!.endsWith('.7') && b!.endsWith('.9')).toBe(true);
    expect(c!.split('.').slice(0, 2)).toEqual(a!.split('.').slice(0, 2));
    expect(c!.split('.')[2]).not.toBe(a!.split('.')[2]);
    expect(out).toContain(`${net}/24`);
  });

  it('maps the same address the same way in its dashed, ip- and reversed forms', () => {
    const dotted = p.text('10.0.187.218');
    const dashed = dotted.replace(/\./g, '-');
    expect(p.text('ip-10-0-187-218.prod.acme.com')).toMatch(new RegExp(`^ip-${dashed}\\.d-[0-9a-f]{6}\\.example\\.invalid$`));
    expect(p.text('218.187.0.10.in-addr.arpa')).toBe(`${dotted.split('.').reverse().join('.')}.in-addr.arpa`);
  });

  it('keeps what identifies nobody: loopback, unspecified, masks, link-local, clocks, versions of Go modules', () => {
    const text = '127.0.0.1 0.0.0.0 255.255.255.0 169.254.169.254 ::1 fe80::1 at 14:18:00.123 k8s.io/client-go@v0.28.0/tools.go 0xc000012345';
    expect(p.text(text)).toBe(text);
  });

  it('replaces host names, names under the site domain, names inside longer names, e-mails, MACs and IPv6', () => {
    const out = p.text('etcd-worker-3 on worker-3.prod.acme.com, db.prod.acme.com, ops@acme.com, 52:54:00:12:34:56, 2a01:4f8::1234');
    expect(out).not.toMatch(/worker-3|acme|52:54:00|2a01/);
    expect(out).toMatch(/^etcd-node-[0-9a-f]{6} on node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid, node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid, user-[0-9a-f]{6}@d-[0-9a-f]{6}\.example\.invalid, 02:00:[0-9a-f:]{11}, 2001:db8:/);
  });

  // This machine's sos report: `ip addr` shows fe80::fc:ff:fe00:1 beside link/ether 02:fc:00:00:00:01.
  // The MAC was replaced, the link-local address kept, and the MAC could be read back from it.
  it('hashes the interface id of a link-local address made from a MAC (EUI-64), keeps other link-local ones', () => {
    const out = p.text('link/ether 52:54:00:12:34:56 inet6 fe80::5054:ff:fe12:3456/64 scope link; fe80::1');
    expect(out).not.toMatch(/5054|fe12|3456|52:54:00/);
    expect(out).toMatch(/^link\/ether 02:00:[0-9a-f:]{11} inet6 fe80::[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}\/64 scope link; fe80::1$/);
    expect(new Unsharer(map).text(out)).toBe('link/ether 52:54:00:12:34:56 inet6 fe80::5054:ff:fe12:3456/64 scope link; fe80::1');
  });

  it('gives one value one pseudonym, whatever its case, and remembers it in the map', () => {
    expect(p.text('WORKER-3')).toBe(p.text('worker-3'));
    expect(map.values.hostname?.['worker-3']).toBe(p.text('worker-3'));
  });

  it('lets kept values leave as they are', () => {
    const k = pseudonymiser(newShareMap(), [['worker-3', 'hostname']], [], ['10.96.0.10', 'worker-3']);
    expect(k.text('10.96.0.10 worker-3 10.96.0.11')).toMatch(/^10\.96\.0\.10 worker-3 2\d\d\./);
  });

  it('counts what it found, with the value marked in its context', () => {
    const q = pseudonymiser(newShareMap(), [['worker-3', 'hostname']]);
    q.text('kubelet on worker-3 failed\nkubelet on worker-3 again');
    const f = q.found.get('hostname')!;
    expect([f.distinct.size, f.occurrences]).toEqual([1, 2]);
    expect(f.samples[0]).toEqual({ before: 'kubelet on ', value: 'worker-3', after: ' failed kubelet on worker-3 again' });
  });

  it('marks the dashed address inside a cloud host name, not the characters before it', () => {
    // ec2.internal known as the site's domain (a must-gather's node names): the name is read label by label.
    const q = pseudonymiser(newShareMap(), [], ['ec2.internal']);
    q.text('pod scheduled to ip-10-0-187-218.ec2.internal now');
    const f = q.found.get('ipv4')!;
    expect(f.samples[0]).toMatchObject({ before: 'pod scheduled to ip-', value: '10-0-187-218' });
    expect(f.samples[0]!.after.startsWith('.ec2.internal')).toBe(true);
    expect(q.found.get('domain')!.samples[0]).toMatchObject({ value: 'ec2.internal' });
    expect(f.distinct.has('10.0.187.218')).toBe(true);
  });
});

describe('unshare', () => {
  it('turns every pseudonym of a text back into the real value', () => {
    const map = newShareMap();
    const p = pseudonymiser(map, [['worker-3', 'hostname'], ['payments', 'namespace']], ['prod.acme.com']);
    const text = [
      'pod payments/api on worker-3 (ip-10-0-187-218.prod.acme.com) failed to reach 10.0.187.219:443',
      'reverse 219.187.0.10.in-addr.arpa, mail ops@acme.com, mac 52:54:00:12:34:56, v6 2a01:4f8::1234',
    ].join('\n');
    const shared = p.text(text);
    expect(shared).not.toContain('worker-3');
    expect(new Unsharer(map).text(shared)).toBe(text.replace('ops@acme.com', 'ops@acme.com').replace('52:54:00:12:34:56', '52:54:00:12:34:56'));
  });

  // The Insights Operator sample's kubelet log: "ci-ln-b3f5vqb-72292-v2kk6-master-0" was shared as
  // "…-v2kk6-node-57319c" and unshare left it so: a pseudonym after a dash was not looked up.
  it('turns back a name pseudonymised inside a longer name', () => {
    const map = newShareMap();
    const text = 'Nov 10 14:17:41 ci-ln-b3f5vqb-72292-v2kk6-master-0 kubenswrapper[2296]: etcd-master-0 ready';
    const shared = pseudonymiser(map, [['master-0', 'hostname']]).text(text);
    expect(shared).toMatch(/^Nov 10 14:17:41 ci-ln-b3f5vqb-72292-v2kk6-node-[0-9a-f]{6} kubenswrapper\[2296\]: etcd-node-[0-9a-f]{6} ready$/);
    expect(new Unsharer(map).text(shared)).toBe(text);
  });

  // sonobuoy's e2e.log: share now replaces the address after "\t" in a quoted nslookup; unshare must find it there too.
  it('turns back values right after a string escape', () => {
    const map = newShareMap();
    const text = JSON.stringify('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\nworker-3\nops@acme.com');
    const shared = pseudonymiser(map, [['worker-3', 'hostname']]).text(text);
    expect(shared).not.toContain('10.96');
    expect(new Unsharer(map).text(shared)).toBe(text);
  });

  it('leaves text without pseudonyms alone', () => {
    const text = 'node-1 restarted at 10:00; see https://example.com/d-123456';
    expect(new Unsharer(newShareMap()).text(text)).toBe(text);
  });
});

describe('the second pass for secrets', () => {
  it.each([
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [REDACTED]'],
    ['proxy_set_header Authorization "Bearer abcdef123456";', 'proxy_set_header Authorization "Bearer [REDACTED]";'],
    ['endpoint = ["https://mirror:s3cr3tPass@registry.local"]', 'endpoint = ["https://mirror:[REDACTED]@registry.local"]'],
    ['password: hunter2', 'password: [REDACTED]'],
    ['{"apiKey":"AKIA1234567890"}', '{"apiKey":"[REDACTED]"}'],
    ['aws_secret_access_key = wJalrXUtnFEMI', 'aws_secret_access_key = [REDACTED]'],
    ['token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'token [REDACTED]'],
  ])('%s', (input, expected) => {
    expect(redactSecrets(input, new Map())).toBe(expected);
  });

  it('removes a private key block whole and counts it', () => {
    const counts = new Map<string, number>();
    const out = redactSecrets('-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nAAAA\n-----END RSA PRIVATE KEY-----\n', counts);
    expect(out).toBe('-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----\n');
    expect(counts.get('private key block')).toBe(1);
  });

  it('leaves what only looks like a secret: flags, placeholders and what the collector already redacted', () => {
    for (const text of ['token: [REDACTED]', 'password: ${DB_PASSWORD}', 'auth=true', 'secretName: tls-cert', 'tokenFile: /var/run/token']) {
      expect(redactSecrets(text, new Map())).toBe(text);
    }
  });
});

describe('the second pass for secrets keeps JSON and YAML whole', () => {
  // sonobuoy's resources/ns/*/Pods.json: compact JSON, a volume's "secret" is an object, not a value.
  // It became "secret":[REDACTED]"defaultMode"…, the listing no longer parsed and its findings were lost.
  it('leaves a pod volume\'s "secret": {…} object alone', () => {
    const pods = JSON.stringify({ kind: 'PodList', items: [{ spec: { volumes: [{ name: 'default-token-5dzxl', secret: { defaultMode: 420, secretName: 'default-token-5dzxl' } }] } }] });
    expect(redactSecrets(pods, new Map())).toBe(pods);
    const yaml = 'volumes:\n- name: token\n  secret:\n    defaultMode: 420\n    secretName: default-token-5dzxl\n';
    expect(redactSecrets(yaml, new Map())).toBe(yaml);
  });

  // sonobuoy's kube-system ConfigMaps.json: kubeadm's MasterConfiguration as a JSON string, with
  // `token: ""` written `token: \"\"`. The backslash was taken for the value and the string ended early.
  it('redacts a value quoted inside a JSON string without cutting its escapes, and leaves an empty one', () => {
    const config = 'apiVersion: kubeadm.k8s.io/v1alpha1\ntoken: ""\ntokenTTL: 0s\npassword: "s3cret with spaces"\nsecret: abcdef123456\nnodeName: ip-10-0-1-2\n';
    const listing = JSON.stringify({ kind: 'ConfigMapList', items: [{ data: { MasterConfiguration: config } }] });
    const out = redactSecrets(listing, new Map());
    const back = (JSON.parse(out) as { items: { data: { MasterConfiguration: string } }[] }).items[0]!.data.MasterConfiguration;
    expect(back).toBe('apiVersion: kubeadm.k8s.io/v1alpha1\ntoken: ""\ntokenTTL: 0s\npassword: "[REDACTED]"\nsecret: [REDACTED]\nnodeName: ip-10-0-1-2\n');
  });

  // must-gather's openshift-image-registry deployments.yaml: REGISTRY_HTTP_SECRET given as a literal env value.
  it('redacts the value of an environment variable named like a secret, in YAML and in JSON', () => {
    const yaml = '        - name: REGISTRY_STORAGE\n          value: swift\n        - name: REGISTRY_HTTP_SECRET\n          value: 6ad6abc73e85b72ba434e9c13317945a\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: db\n';
    expect(redactSecrets(yaml, new Map())).toBe(yaml.replace('6ad6abc73e85b72ba434e9c13317945a', '[REDACTED]'));
    const json = JSON.stringify({ env: [{ name: 'REGISTRY_HTTP_SECRET', value: '6ad6abc73e85b72ba434e9c13317945a' }, { name: 'LOG', value: 'debug' }] });
    expect(JSON.parse(redactSecrets(json, new Map()))).toEqual({ env: [{ name: 'REGISTRY_HTTP_SECRET', value: '[REDACTED]' }, { name: 'LOG', value: 'debug' }] });
  });

  // troubleshoot's kotsadm bundle: GLOBAL_SIGNING_KEY, a PEM private key as a JSON string with \\n escapes.
  // The block was written back with real line breaks: deployments and pods JSON no longer parsed.
  it('redacts a private key inside a JSON string with the string\'s own escaped line breaks', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\nAAAA\n-----END RSA PRIVATE KEY-----\n';
    const deployment = JSON.stringify({ env: [{ name: 'GLOBAL_SIGNING_KEY', value: pem }] }, null, 2);
    const out = redactSecrets(deployment, new Map());
    expect(JSON.parse(out)).toEqual({ env: [{ name: 'GLOBAL_SIGNING_KEY', value: '-----BEGIN RSA PRIVATE KEY-----\n[REDACTED]\n-----END RSA PRIVATE KEY-----\n' }] });
  });

  // The image registry operator logs the deployment it updates as a diff of dotted paths.
  it('redacts an env value named like a secret in an operator\'s logged diff', () => {
    const line = 'spec.template.spec.containers.0.env.4.name="REGISTRY_HTTP_SECRET", spec.template.spec.containers.0.env.4.value="fc80699a06b3c3924863fa3da84c3a80", spec.replicas=2';
    expect(redactSecrets(line, new Map())).toBe(line.replace('fc80699a06b3c3924863fa3da84c3a80', '[REDACTED]'));
  });

  it('redacts a private key written in base64 (kubeconfig client-key-data, a tls.key) and an AWS key id, not a certificate', () => {
    const key = Buffer.from('-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----\n').toString('base64');
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIDMjCCAhqgAwIBAgIIP\n-----END CERTIFICATE-----\n').toString('base64');
    const kubeconfig = `users:\n- name: admin\n  user:\n    client-certificate-data: ${cert}\n    client-key-data: ${key}\n`;
    expect(redactSecrets(kubeconfig, new Map())).toBe(`users:\n- name: admin\n  user:\n    client-certificate-data: ${cert}\n    client-key-data: [REDACTED]\n`);
    expect(redactSecrets('export AWS_ACCESS_KEY_ID AKIAIOSFODNN7EXAMPLE', new Map())).toBe('export AWS_ACCESS_KEY_ID [REDACTED]');
  });
});

describe('values right after a string escape or an underscore', () => {
  // sonobuoy's e2e.log quotes nslookup's output as a Go string: "Server:\t\t10.96.0.10\nAddress:…".
  it('replaces an address, a name, a MAC or an e-mail that follows \\n or \\t in a quoted string', () => {
    const p = pseudonymiser(newShareMap(), [['worker-3', 'hostname']], ['prod.acme.com']);
    const quoted = JSON.stringify('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\nworker-3\nops@acme.com\n52:54:00:12:34:56\ndb.prod.acme.com');
    const out = p.text(quoted);
    expect(out).not.toMatch(/10\.96\.0\.10|worker-3|acme|52:54:00/);
    expect(JSON.parse(out)).toMatch(/^Server:\t\t2\d\d\.\d+\.\d+\.10\nAddress:\t2\d\d\.\d+\.\d+\.10#53\nnode-[0-9a-f]{6}\nuser-[0-9a-f]{6}@d-[0-9a-f]{6}\.example\.invalid\n02:00:/);
  });

  // A vSphere must-gather: the API VIP 192.168.79.2 in a MachineConfig's data URL (%22192.168.79.2%22),
  // in keepalived's awk regex (/\\s192.168.79.2\\//) and in an operator's JSON log (->, written \\u003e).
  it('replaces an address after a URL escape, a regex escape or a \\u escape', () => {
    const p = pseudonymiser(newShareMap(), [['master-0', 'hostname']]);
    const text = String.raw`show%20%5C%0A%20%20%22192.168.79.2%22%20master-0 awk '/\s192.168.79.2\//' read tcp 10.0.0.7:57422-\u003e192.168.79.2:6443`;
    const out = p.text(text);
    expect(out).not.toMatch(/192\.168|master-0|10\.0\.0\.7/);
    const shape = (t: string): string => t.replace(/\d+\.\d+\.\d+\.(\d+)/g, 'IP.$1').replace(/master-0|node-[0-9a-f]{6}/, 'NODE');
    expect(shape(out)).toBe(shape(text));
  });

  // insights' dmidecode: "Serial Number: B39522C5-…-44C6C4A5CF16_5c:f3:fc:c1:28:7c".
  it('replaces a MAC glued to a serial number by an underscore', () => {
    const out = pseudonymiser().text('Serial Number: B39522C5-2457-3787-9072-44C6C4A5CF16_5c:f3:fc:c1:28:7c');
    expect(out).toMatch(/^Serial Number: B39522C5-2457-3787-9072-44C6C4A5CF16_02:00:[0-9a-f:]{11}$/);
  });

  // must-gather's authentication operator: the route's wildcard "*.apps.<cluster domain>".
  it('replaces a name under the site domain after a label no name has (a wildcard, _tcp)', () => {
    const p = pseudonymiser(newShareMap(), [], ['ci-ln-xj8t7ct.example.com']);
    const out = p.text("names: ['*.apps.ci-ln-xj8t7ct.example.com'] srv _etcd-server-ssl._tcp.ci-ln-xj8t7ct.example.com");
    expect(out).not.toContain('ci-ln-xj8t7ct');
    expect(out).toMatch(/^names: \['\*\.node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid'\]/);
  });

  // insights-client's log names its work folder after the host: /var/tmp/q6hKcE/insights-vm218.<domain>-20150917174625/.
  it('replaces a name under the site domain followed by a dash and a time stamp', () => {
    const p = pseudonymiser(newShareMap(), [['vm218', 'hostname']], ['gsslab.rdu2.example.com']);
    const out = p.text('Copying /etc/hosts to /var/tmp/q6hKcE/insights-vm218.gsslab.rdu2.example.com-20150917174625/etc/hosts');
    expect(out).not.toMatch(/vm218|gsslab|rdu2/);
    expect(out).toMatch(/^Copying \/etc\/hosts to \/var\/tmp\/q6hKcE\/node-[0-9a-f]{6}\.d-[0-9a-f]{6}\.example\.invalid-20150917174625\/etc\/hosts$/);
  });

  // insights' rpm -qa and sunbeam's ps: 226 versions after a package's name became 240/4 addresses
  // (vdsm-cli-244.18.9.2-1.el6rhs), while no address stood after a name and a dash in any field bundle.
  // An Azure must-gather's apiserver-watcher: "healthcheck failed, created downfile 10.0.0.8.down".
  it('replaces a private address followed by a file suffix, keeps a version so followed', () => {
    const out = pseudonymiser().text('created downfile 10.0.0.8.down; redhat-release-server-6Server-6.6.0.2.el6 typing_extensions-3.10.0.2.dist-info');
    expect(out).toMatch(/^created downfile 2\d\d\.\d+\.\d+\.8\.down; redhat-release-server-6Server-6\.6\.0\.2\.el6 typing_extensions-3\.10\.0\.2\.dist-info$/);
  });

  // A metal must-gather's etcd operator: "unstarted members: NAME-PENDING-147.75.195.53".
  it('replaces an address after an upper-case name and its dash: not a package version', () => {
    expect(pseudonymiser().text('unstarted members: NAME-PENDING-147.75.195.53')).toMatch(/^unstarted members: NAME-PENDING-2\d\d\.\d+\.\d+\.53$/);
  });

  it('keeps a four-part version after a package name and its dash, and still replaces an address range', () => {
    const text = 'vdsm-cli-4.14.7.2-1.el6rhs.noarch\nlibrdmacm-1.0.18.1-1.el6.x86_64\n/usr/lib/erlang/erts-13.2.2.5/bin/beam.smp';
    const p = pseudonymiser();
    expect(p.text(text)).toBe(text);
    expect(p.text('--src-range 10.0.0.1-10.0.0.9')).toMatch(/^--src-range 2\d\d\.\d+\.\d+\.1-2\d\d\.\d+\.\d+\.9$/);
  });

  it('still keeps versions of packages and firmware glued by an underscore or followed by a release', () => {
    const text = 'iwl5000-firmware-8.83.5.1_1-1.el6_1.1.noarch redhat-release-server-6Server-6.6.0.2.el6 bnx2i v2.7.10.1';
    expect(pseudonymiser().text(text)).toBe(text);
  });
});

describe("the user's own patterns", () => {
  it('replaces what they match, consistently, whatever groups they hold', () => {
    const p = new Pseudonymiser(newShareMap(), { names: new Map(), domains: new Set(), patterns: ['CASE-(\\d{4,8})', 'proj(?:ect)?-blue'] });
    const out = p.text('CASE-12345 of project-blue, again CASE-12345 at 10.1.2.3');
    expect(out).toMatch(/^word-[0-9a-f]{6} of word-[0-9a-f]{6}, again word-[0-9a-f]{6} at 2\d\d\.\d+\.\d+\.3$/);
    const [a, , c] = out.match(/word-[0-9a-f]{6}/g)!;
    expect(a).toBe(c);
  });
});

describe('memory that does not grow with the bundle', () => {
  it('counts distinct values one by one only up to a cap, then says "at least"', () => {
    const p = new Pseudonymiser(newShareMap(), { names: new Map(), domains: new Set() });
    const lines: string[] = [];
    for (let i = 0; i < MAX_DISTINCT_COUNTED + 500; i++) lines.push(`peer 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    p.text(lines.join('\n'));
    const f = p.found.get('ipv4')!;
    expect(f.distinct.size).toBe(MAX_DISTINCT_COUNTED);
    expect(f.distinctCapped).toBe(true);
    expect(f.occurrences).toBe(MAX_DISTINCT_COUNTED + 500);
  });
});

describe('a host name shorter than 3 characters and a user named by a common word', () => {
  // This VM is called `vm`: a plain word replacement would hit vm.swappiness, so it was not replaced at
  // all and went out in uname, the hostname files and every log's host column. A user `remote` was
  // replaced in "remote endpoint" too.
  const known = { names: new Map<string, ValueKind>([['alice', 'user']]), domains: new Set(['lab.acme.com']), inContext: { hosts: new Set(['vm']), users: new Set(['remote']) } };
  const p = new Pseudonymiser(newShareMap(), known);
  const host = () => p.pseudonym('hostname', 'vm');
  const user = () => p.pseudonym('user', 'remote');

  it('replaces the host where it stands as one: hostname file, uname, log host column, prompt, keys, hosts file, FQDN, bundle name', () => {
    expect(p.text('vm\n')).toBe(`${host()}\n`);
    const lines = [
      'Linux vm 6.18.44-fc-v1300 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux',
      'Dec  7 08:00:01 vm kubelet[1]: I1207 08:00:01.000000 1 kubelet.go:1] ok',
      'Dec 07 10:14:27.244101 vm kernel: eth0: link up',
      '2026-12-07T10:14:27.244+00:00 vm systemd[1]: Started kubelet.service',
      'root@vm:~# uptime',
      'Static hostname: vm',
      'kernel.hostname = vm',
      '{"_HOSTNAME":"vm","MESSAGE":"x"}',
      'I1207 kubelet_node_status.go:76] "Successfully registered node" node="vm"',
      'Node vm status is now: NodeReady',
      '{"kind":"Node","metadata":{"name":"vm","labels":{"kubernetes.io/hostname":"vm"}}}',
      '  name: vm',
      '127.0.0.1 vm',
      'sosreport-vm-2026-12-07-kpsmtzp/sos_commands/host/hostname',
      'nodescope-vm-20261207T101427Z/manifest.json',
    ];
    for (const line of lines) {
      const out = p.text(line);
      expect(out, line).toContain(host());
      expect(out.replace(host(), ''), line).not.toMatch(/(?<![A-Za-z0-9_])vm(?![A-Za-z0-9_])/);
    }
    expect(p.text('127.0.1.1 vm.lab.acme.com vm')).toMatch(new RegExp(`^127\\.0\\.1\\.1 ${host()}\\.d-[0-9a-f]{6}\\.example\\.invalid ${host()}$`));
  });

  it('leaves sysctl keys, kernel symbols and a workqueue named vm as they are', () => {
    const text = ['vm.swappiness = 60', 'vm.overcommit_memory = 1', 'sysctl -w vm.max_map_count=262144', 'vm_area_struct 1234 1234 200 20 1', '  vm stats threshold: 6', '16866     2 root     root     16866    1 08:27 kworker/u8:1-vm -', 'ffffffff81234560 T vm_normal_page'].join('\n');
    expect(p.text(text)).toBe(text);
  });

  it('replaces the user where it stands as one: home folders, ps, id, keys, passwd and group, sshd and pam, user@host', () => {
    const lines = [
      '/home/remote/.ssh/authorized_keys',
      'remote    4242  0.0  0.1  12345  6789 pts/0  S  10:00  0:00 -bash',
      '  4242     1 remote   remote    4242    1 10:00 bash -',
      'uid=1000(remote) gid=1000(remote) groups=1000(remote),27(sudo)',
      'USER=remote',
      'remote:x:1000:1000:Remote,,,:/home/remote:/bin/bash',
      'sudo:x:27:remote',
      'ssh remote@vm',
      'Accepted publickey for remote from 10.0.0.1 port 22 ssh2',
      'pam_unix(sshd:session): session opened for user remote(uid=1000) by (uid=0)',
    ];
    for (const line of lines) expect(p.text(line), line).not.toMatch(/(?<![A-Za-z0-9_])remote(?![A-Za-z0-9_])/);
    expect(p.text('uid=1000(remote)')).toBe(`uid=1000(${user()})`);
  });

  it('leaves the word where it is English, and still replaces a distinctive user everywhere', () => {
    const text = 'remote endpoint closed\nLocal Address:Port  Remote Address:Port\n3 remote endpoints failed\nfailed to reach remote: connection refused';
    expect(p.text(text)).toBe(text);
    expect(p.text('alice wrote to the remote')).toBe(`${p.pseudonym('user', 'alice')} wrote to the remote`);
  });
});

describe('a host named by a common word', () => {
  // Cloud images name the host after the distribution (`ubuntu`), labs after its role (`server`):
  // replaced wherever the word stood, every os-release lost "Ubuntu" and every "API server" its noun.
  const known = { names: new Map<string, ValueKind>(), domains: new Set<string>(), inContext: { hosts: new Set(['server', 'ubuntu']), users: new Set<string>() } };
  const p = new Pseudonymiser(newShareMap(), known);

  it('replaces it where it stands as the host: uname, a log host column, a prompt, a key, a node named in kubelet lines', () => {
    const lines: [string, string][] = [
      ['Linux ubuntu 5.15.0-91-generic #101-Ubuntu SMP Tue Nov 14 13:30:08 UTC 2023 x86_64 GNU/Linux', 'ubuntu'],
      ['Dec  7 08:00:01 server kubelet[812]: I1207 08:00:01.000000 812 kubelet.go:2453] "SyncLoop ADD"', 'server'],
      ['ubuntu@ubuntu:~$ sudo crictl ps', 'ubuntu'],
      ['Static hostname: server', 'server'],
      ['Node server status is now: NodeReady', 'server'],
      ['    kubernetes.io/hostname: server', 'server'],
      ['Name:               server', 'server'],
      ['{"kind":"Node","metadata":{"name":"ubuntu"}}', 'ubuntu'],
    ];
    for (const [line, name] of lines) {
      const out = p.text(line);
      expect(out, line).toContain(p.pseudonym('hostname', name));
    }
    expect(p.text('Linux ubuntu 5.15.0-91-generic #101-Ubuntu SMP')).toBe(`Linux ${p.pseudonym('hostname', 'ubuntu')} 5.15.0-91-generic #101-Ubuntu SMP`);
  });

  it('leaves the word where it is the word: the distribution, the API server, a Go file', () => {
    const text = [
      'NAME="Ubuntu"',
      'PRETTY_NAME="Ubuntu 22.04.3 LTS"',
      'ID=ubuntu',
      'Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0)',
      'I1207 08:00:01.000000 1 server.go:147] "Golang settings" GOGC="" GOMAXPROCS=""',
      'E1207 08:00:02.000000 1 reflector.go:138] failed to list: the server could not find the requested resource',
      'kube-apiserver: Serving securely on [::]:6443 (API server)',
    ].join('\n');
    expect(p.text(text)).toBe(text);
  });
});
