# linedesk: send the web traffic of expired customers to the portal's expired page.
# Router: core-1. Paste into the router's terminal (New Terminal in WinBox, or SSH).
# RouterOS 6 and 7: these commands are the same in both versions.
# Running it again replaces what it added before (rules commented "linedesk-expired: …").
# Only plain HTTP can be redirected: HTTPS pages cannot (the browser would refuse a
# certificate that is not the site's), so customers see the page when they open any http:// address.
# linedesk's address: http://10.1.0.5:8080/ (the public_url setting), plain HTTP on port 8080.

# 1. The addresses of the expired pools, as the firewall address list linedesk-expired.
#    The ranges are read from the router's own /ip pool: run this again after changing them.
/ip firewall address-list remove [find where list=linedesk-expired]
# pool expired: plans Basic, Home
:foreach p in=[/ip pool find where name="expired"] do={ :foreach r in=[/ip pool get $p ranges] do={ /ip firewall address-list add list=linedesk-expired address=$r comment="linedesk-expired: pool expired" } }
# pool expired-biz: plans Business
:foreach p in=[/ip pool find where name="expired-biz"] do={ :foreach r in=[/ip pool get $p ranges] do={ /ip firewall address-list add list=linedesk-expired address=$r comment="linedesk-expired: pool expired-biz" } }

# 2. Web requests (tcp/80) from the list go to linedesk, which answers with the expired page.
/ip firewall nat
remove [find where comment~"^linedesk-expired:"]
add chain=dstnat src-address-list=linedesk-expired protocol=tcp dst-port=80 action=dst-nat to-addresses=10.1.0.5 to-ports=8080 comment="linedesk-expired: web to the portal"

# 3. Let the list reach linedesk and DNS (placed first, before rules that drop their traffic).
#    If a chain has no rules yet, leave out place-before=0.
/ip firewall filter
remove [find where comment~"^linedesk-expired:"]
add chain=forward src-address-list=linedesk-expired protocol=tcp dst-address=10.1.0.5 dst-port=8080 action=accept place-before=0 comment="linedesk-expired: reach linedesk"
add chain=forward src-address-list=linedesk-expired protocol=udp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS"
add chain=input src-address-list=linedesk-expired protocol=udp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS on the router"
add chain=forward src-address-list=linedesk-expired protocol=tcp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS"
add chain=input src-address-list=linedesk-expired protocol=tcp dst-port=53 action=accept place-before=0 comment="linedesk-expired: DNS on the router"
# To let expired customers reach nothing else, add after the lines above:
# add chain=forward src-address-list=linedesk-expired action=reject reject-with=icmp-admin-prohibited comment="linedesk-expired: nothing else"
