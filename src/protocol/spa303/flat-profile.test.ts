import { describe, expect, it } from 'vitest';
import { parseFlatProfile, profileValues, renderFlatProfile, xmlEscape } from './flat-profile.js';

describe('flat-profile XML', () => {
  it('reads parameters with groups, trimming values and decoding entities', () => {
    const xml = `<?xml version="1.0"?>
<!-- provisioning -->
<flat-profile>
  <Proxy_1_ group="Ext_1/Proxy_and_Registration">  127.0.10.153 </Proxy_1_>
  <Display_Name_1_ ua="rw">A &amp; B &lt;x&gt; &#65;&#x42;</Display_Name_1_>
  <Auth_ID_1_/>
  <Dial_Plan_1_><![CDATA[(x<y)]]></Dial_Plan_1_>
</flat-profile>`;
    expect(parseFlatProfile(xml)).toEqual([
      { name: 'Proxy_1_', value: '127.0.10.153', group: 'Ext_1/Proxy_and_Registration' },
      { name: 'Display_Name_1_', value: 'A & B <x> AB', group: undefined },
      { name: 'Auth_ID_1_', value: '', group: undefined },
      { name: 'Dial_Plan_1_', value: '(x<y)', group: undefined },
    ]);
  });

  it('finds nested flat-profiles, ignores elements outside them, and lets the last duplicate win', () => {
    const xml = `<device><Proxy_1_>outside</Proxy_1_><flat-profile><Proxy_1_>a</Proxy_1_></flat-profile>
      <x><flat-profile><Proxy_1_>b</Proxy_1_><proxy_1_>lower</proxy_1_></flat-profile></x></device>`;
    const values = profileValues(parseFlatProfile(xml));
    expect(values.get('Proxy_1_')).toBe('b');
    expect(values.get('proxy_1_')).toBe('lower'); // kept as a different (unknown) name
    expect(values.size).toBe(2);
  });

  it('rejects malformed documents', () => {
    expect(() => parseFlatProfile('<flat-profile><A>x</B></flat-profile>')).toThrow(/closes/);
    expect(() => parseFlatProfile('<flat-profile><A>x</A>')).toThrow(/never closed/);
    expect(() => parseFlatProfile('<flat-profile><A>a & b</A></flat-profile>')).toThrow(/bare "&"/);
  });

  it('round-trips rendered profiles, escaping values', () => {
    const entries = [
      { name: 'Station_Name', value: `<"lab" & 'phone'>`, group: 'Phone/General' },
      { name: 'NAT_Keep_Alive_Msg_1_', value: '$NOTIFY', group: undefined },
    ];
    const xml = renderFlatProfile(entries);
    expect(xml).toContain('<Station_Name group="Phone/General">&lt;&quot;lab&quot; &amp; &apos;phone&apos;&gt;</Station_Name>');
    expect(parseFlatProfile(xml)).toEqual(entries);
    expect(xmlEscape('a&b')).toBe('a&amp;b');
  });
});
