#!/usr/bin/env python3
"""Which rtnetlink objects pyroute2's IPRoute offers, measured on the
installed pyroute2 (the README's coverage table cites this): an object
counts as offered when IPRoute has its method."""
import pyroute2
from pyroute2 import IPRoute

METHODS = {
    "link": "link", "address": "addr", "route": "route", "neighbour": "neigh",
    "fdb": "fdb", "rule": "rule", "nexthop": "nexthop", "tc": "tc",
    "link stats": "stats", "nsid": "get_netnsid", "bridge vlan": "vlan_filter",
    "netconf": "netconf", "addrlabel": "addrlabel", "mdb": "mdb", "ntable": "ntable",
    "vni": "vni",
}

ipr = IPRoute()
print(f"pyroute2 {pyroute2.__version__}")
for obj, method in METHODS.items():
    print(f"{obj:12} {'yes' if hasattr(ipr, method) else 'no'}")
ipr.close()
