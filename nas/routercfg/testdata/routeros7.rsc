# linedesk: make router tower-1 a linedesk NAS (RouterOS 7).
# Import with /import file-name=<this file>, or paste into the terminal.
# Running it again changes the entries it added before and adds none twice.
# linedesk's addresses: 192.0.2.10, 192.0.2.11

# RADIUS server 192.0.2.10
/radius
:if ([:len [find where address=192.0.2.10]] = 0) do={ add address=192.0.2.10 service=ppp secret="s3cret \"\$x\"" authentication-port=1812 accounting-port=1813 timeout=3s comment=linedesk require-message-auth=yes-for-request-resp } else={ set [find where address=192.0.2.10] service=ppp secret="s3cret \"\$x\"" authentication-port=1812 accounting-port=1813 timeout=3s comment=linedesk require-message-auth=yes-for-request-resp }
# RADIUS server 192.0.2.11
:if ([:len [find where address=192.0.2.11]] = 0) do={ add address=192.0.2.11 service=ppp secret="s3cret \"\$x\"" authentication-port=1812 accounting-port=1813 timeout=3s comment=linedesk require-message-auth=yes-for-request-resp } else={ set [find where address=192.0.2.11] service=ppp secret="s3cret \"\$x\"" authentication-port=1812 accounting-port=1813 timeout=3s comment=linedesk require-message-auth=yes-for-request-resp }

# CoA and Disconnect from linedesk
/radius/incoming
set accept=yes port=3799

# PPP uses RADIUS
/ppp/aaa
set use-radius=yes accounting=yes interim-update=5m

# PPPoE server profile
/ppp/profile
:if ([:len [find where name=linedesk]] = 0) do={ add name=linedesk change-tcp-mss=yes use-upnp=no comment=linedesk } else={ set [find where name=linedesk] change-tcp-mss=yes use-upnp=no comment=linedesk }

# PPPoE server on bridge-customers
/interface/pppoe-server/server
:if ([:len [find where service-name=linedesk]] = 0) do={ add service-name=linedesk interface=bridge-customers default-profile=linedesk authentication=pap,chap,mschap2 one-session-per-host=yes disabled=no } else={ set [find where service-name=linedesk] interface=bridge-customers default-profile=linedesk authentication=pap,chap,mschap2 one-session-per-host=yes disabled=no }

# expired pool expired
/ip/pool
:if ([:len [find where name=expired]] = 0) do={ add name=expired ranges=10.99.0.2-10.99.0.254 } else={ set [find where name=expired] ranges=10.99.0.2-10.99.0.254 }

# expired pool expired in linedesk-expired
/ip/firewall/address-list
:if ([:len [find where list=linedesk-expired address=10.99.0.2-10.99.0.254]] = 0) do={ add list=linedesk-expired address=10.99.0.2-10.99.0.254 comment="linedesk-expired: pool expired" } else={ set [find where list=linedesk-expired address=10.99.0.2-10.99.0.254] comment="linedesk-expired: pool expired" }

# expired customers' web traffic to the portal's expired page
/ip/firewall/nat
:if ([:len [find where comment="linedesk-expired: web to the portal"]] = 0) do={ add comment="linedesk-expired: web to the portal" chain=dstnat src-address-list=linedesk-expired protocol=tcp dst-port=80 action=dst-nat to-addresses=192.0.2.10 to-ports=8080 } else={ set [find where comment="linedesk-expired: web to the portal"] chain=dstnat src-address-list=linedesk-expired protocol=tcp dst-port=80 action=dst-nat to-addresses=192.0.2.10 to-ports=8080 }

# RouterOS api only from linedesk
/ip/service
set [find where name=api] address=192.0.2.10,192.0.2.11
# RouterOS api-ssl only from linedesk
set [find where name=api-ssl] address=192.0.2.10,192.0.2.11

# ---- The expired page's redirect (the same lines as on the router's page) ----
# the portal's expired lines
/ip firewall nat
