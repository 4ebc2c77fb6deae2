; Test zone exercising every record type the codec knows.
$ORIGIN example.com.
$TTL 1h
@   IN SOA ns1 hostmaster (
        2026120301 ; serial
        3600       ; refresh
        600        ; retry
        86400      ; expire
        300 )      ; negative TTL
    IN NS ns1
    IN NS ns2.example.com.
    IN MX 10 mail
    IN TXT "v=spf1 -all" "second string"
    IN CAA 0 issue "letsencrypt.org"
ns1  IN A 192.0.2.1
ns2  300 IN A 192.0.2.2
mail IN A 192.0.2.25
     IN AAAA 2001:db8::25
www  IN CNAME web
web  IN A 192.0.2.80
     IN AAAA 2001:db8::80
_sip._tcp IN SRV 10 60 5060 sip
sip  IN A 192.0.2.50
sip  IN NAPTR 100 10 "S" "SIP+D2T" "" _sip._tcp
box  IN HINFO "x86_64" "Debian"
1.2.0.192.in-addr IN PTR ns1
old  IN DNAME new.example.net.
opaque IN TYPE65280 \# 4 deadbeef
