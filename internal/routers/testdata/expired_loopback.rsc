# linedesk: send the web traffic of expired customers to the portal's expired page.
# Router: lab. Paste into the router's terminal (New Terminal in WinBox, or SSH).
# RouterOS 6 and 7: these commands are the same in both versions.
# Running it again replaces what it added before (rules commented "linedesk-expired: …").
# Only plain HTTP can be redirected: HTTPS pages cannot (the browser would refuse a
# certificate that is not the site's), so customers see the page when they open any http:// address.
# public_url is not set (Settings, Subscriber portal & branding): using linedesk's listen
# address 127.0.0.1:8080 instead. Set public_url to the address customers reach linedesk at.
# "127.0.0.1" is not an address a router can reach: replace it below, or set public_url.

# 1. The addresses of the expired pools, as the firewall address list linedesk-expired.
#    No plan has an expired pool yet: set one on the Profiles page (Expired pool), then
#    copy these lines again. Until then the list stays empty and nothing is redirected.
#    The ranges are read from the router's own /ip pool: run this again after changing them.
/ip firewall address-list remove [find where list=linedesk-expired]

# 2. Web requests (tcp/80) from the list go to linedesk, which answers with the expired page.
/ip firewall nat
remove [find where comment~"^linedesk-expired:"]
add chain=dstnat src-address-list=linedesk-expired protocol=tcp dst-port=80 action=dst-nat to-addresses=127.0.0.1 to-ports=8080 comment="linedesk-expired: web to the portal"

# 3. Let the list reach linedesk and DNS (placed first, before rules that drop their traffic).
#    If a chain has no rules yet, leave out place-before=0.
/ip firewall filter
remove [find where comment~"^linedesk-expired:"]
add chain=forward src-address-list=linedesk-expired protocol=tcp dst-address=127.0.0.1 dst-port=8080 action=accept place-before=0 comment="linedesk-expired: reach linedesk"
add chain=forward src-address-list=linedesk-expired protocol=udp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS"
add chain=input src-address-list=linedesk-expired protocol=udp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS on the router"
add chain=forward src-address-list=linedesk-expired protocol=tcp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS"
add chain=input src-address-list=linedesk-expired protocol=tcp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS on the router"
# To let expired customers reach nothing else, add after the lines above:
# add chain=forward src-address-list=linedesk-expired action=reject reject-with=icmp-admin-prohibited comment="linedesk-expired: nothing else"
