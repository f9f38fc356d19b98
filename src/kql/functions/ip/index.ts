import './ipv4.ts';
import './ipv6.ts';
import './has-ipv4.ts';
import './ipv4-range-to-cidr.ts';
