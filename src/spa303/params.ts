/**
 * The parameters the emulated SPA303 (firmware 7.x) holds, with the factory defaults of the
 * SPA9x2/SPA30x administration guide. Names are the XML profile names (web label with
 * punctuation turned into `_`, `_N_` for extension N); `group` is the web page/section the
 * phone reports in spacfg.xml.
 */
export interface ParamSpec {
  name: string;
  group: string;
  default: string;
  /** Reported masked in spacfg.xml once set. */
  password?: boolean;
  /** Changing it restarts the phone (the SIP stack is rebuilt), as the real phone does. */
  reboot?: boolean;
}

export { PASSWORD_MASK } from '../protocol/spa303/flat-profile.js';

/** The SPA303 has three extensions (line keys). */
export const EXTENSIONS = [1, 2, 3] as const;

const DIAL_PLAN = '(*xx|[3469]11|0|00|[2-9]xxxxxx|1xxx[2-9]xxxxxxS0|xxxxxxxxxxxx.)';

function extensionParams(n: number): ParamSpec[] {
  const g = (section: string): string => `Ext_${n}/${section}`;
  return [
    { name: `Line_Enable_${n}_`, group: g('General'), default: 'Yes', reboot: true },
    { name: `Share_Ext_${n}_`, group: g('Share_Line_Appearance'), default: 'No' },
    { name: `Shared_User_ID_${n}_`, group: g('Share_Line_Appearance'), default: '' },
    { name: `Subscription_Expires_${n}_`, group: g('Share_Line_Appearance'), default: '3600' },
    { name: `NAT_Mapping_Enable_${n}_`, group: g('NAT_Settings'), default: 'No' },
    { name: `NAT_Keep_Alive_Enable_${n}_`, group: g('NAT_Settings'), default: 'No' },
    { name: `NAT_Keep_Alive_Msg_${n}_`, group: g('NAT_Settings'), default: '$NOTIFY' },
    { name: `NAT_Keep_Alive_Dest_${n}_`, group: g('NAT_Settings'), default: '$PROXY' },
    { name: `SIP_TOS_DiffServ_Value_${n}_`, group: g('Network_Settings'), default: '0x68' },
    { name: `SIP_Transport_${n}_`, group: g('SIP_Settings'), default: 'UDP', reboot: true },
    { name: `SIP_Port_${n}_`, group: g('SIP_Settings'), default: String(5059 + n), reboot: true },
    { name: `Proxy_${n}_`, group: g('Proxy_and_Registration'), default: '', reboot: true },
    { name: `Outbound_Proxy_${n}_`, group: g('Proxy_and_Registration'), default: '' },
    { name: `Use_Outbound_Proxy_${n}_`, group: g('Proxy_and_Registration'), default: 'No' },
    { name: `Register_${n}_`, group: g('Proxy_and_Registration'), default: 'Yes', reboot: true },
    { name: `Make_Call_Without_Reg_${n}_`, group: g('Proxy_and_Registration'), default: 'No' },
    { name: `Register_Expires_${n}_`, group: g('Proxy_and_Registration'), default: '3600' },
    { name: `Ans_Call_Without_Reg_${n}_`, group: g('Proxy_and_Registration'), default: 'No' },
    { name: `Display_Name_${n}_`, group: g('Subscriber_Information'), default: '' },
    { name: `User_ID_${n}_`, group: g('Subscriber_Information'), default: '', reboot: true },
    { name: `Password_${n}_`, group: g('Subscriber_Information'), default: '', password: true, reboot: true },
    { name: `Use_Auth_ID_${n}_`, group: g('Subscriber_Information'), default: 'No', reboot: true },
    { name: `Auth_ID_${n}_`, group: g('Subscriber_Information'), default: '', reboot: true },
    { name: `Dial_Plan_${n}_`, group: g('Dial_Plan'), default: DIAL_PLAN },
  ];
}

export const SPA303_PARAMS: readonly ParamSpec[] = [
  { name: 'Restricted_Access_Domains', group: 'System/System_Configuration', default: '' },
  { name: 'Enable_Web_Server', group: 'System/System_Configuration', default: 'Yes' },
  { name: 'Web_Server_Port', group: 'System/System_Configuration', default: '80' },
  { name: 'Enable_Web_Admin_Access', group: 'System/System_Configuration', default: 'Yes' },
  { name: 'Admin_Passwd', group: 'System/System_Configuration', default: '', password: true },
  { name: 'User_Password', group: 'System/System_Configuration', default: '', password: true },
  { name: 'Connection_Type', group: 'System/Internet_Connection_Type', default: 'DHCP', reboot: true },
  { name: 'Static_IP', group: 'System/Static_IP_Settings', default: '' },
  { name: 'NetMask', group: 'System/Static_IP_Settings', default: '' },
  { name: 'Gateway', group: 'System/Static_IP_Settings', default: '' },
  { name: 'HostName', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Domain', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Primary_DNS', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Secondary_DNS', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Primary_NTP_Server', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Secondary_NTP_Server', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Syslog_Server', group: 'System/Optional_Network_Configuration', default: '' },
  { name: 'Debug_Level', group: 'System/Optional_Network_Configuration', default: '0' },
  { name: 'Provision_Enable', group: 'Provisioning/Configuration_Profile', default: 'Yes' },
  { name: 'Resync_On_Reset', group: 'Provisioning/Configuration_Profile', default: 'Yes' },
  { name: 'Resync_Periodic', group: 'Provisioning/Configuration_Profile', default: '3600' },
  { name: 'Resync_From_SIP', group: 'Provisioning/Configuration_Profile', default: 'Yes' },
  { name: 'Profile_Rule', group: 'Provisioning/Configuration_Profile', default: '/$PSN.xml' },
  { name: 'Upgrade_Enable', group: 'Provisioning/Firmware_Upgrade', default: 'Yes' },
  { name: 'Time_Zone', group: 'Regional/Time', default: 'GMT-08:00' },
  { name: 'Daylight_Saving_Time_Rule', group: 'Regional/Time', default: 'start=3/-1/7/2;end=10/-1/7/2;save=1' },
  { name: 'Station_Name', group: 'Phone/General', default: '' },
  { name: 'Station_Display_Name', group: 'Phone/General', default: '' },
  { name: 'Voice_Mail_Number', group: 'Phone/General', default: '' },
  ...EXTENSIONS.flatMap(extensionParams),
];

export const PARAMS_BY_NAME: ReadonlyMap<string, ParamSpec> = new Map(SPA303_PARAMS.map((p) => [p.name, p]));

export function factoryDefaults(): Record<string, string> {
  return Object.fromEntries(SPA303_PARAMS.map((p) => [p.name, p.default]));
}
