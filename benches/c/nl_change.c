/* The floor for changes: add (or delete) N IPv4 routes
 * 20+i/131072 . (i/512)%256 . (i/2)%256 . (i%2)*128 /25 via 10.0.0.2
 * with RTM_NEWROUTE/RTM_DELROUTE and NLM_F_ACK, BATCH messages per
 * sendto (1: one request, one ACK, as a plain loop does), every ACK read
 * and checked before the next datagram goes out.
 * Usage: nl_change NETNS add|del N BATCH
 * Prints: COUNT SECONDS (the changes alone). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

struct req {
    struct nlmsghdr h;
    struct rtmsg r;
    struct rtattr dst_a; unsigned char dst[4];
    struct rtattr gw_a; unsigned char gw[4];
};

int main(int argc, char **argv) {
    if (argc < 5) { fprintf(stderr, "usage: nl_change NETNS add|del N BATCH\n"); return 2; }
    char path[256];
    snprintf(path, sizeof path, "/run/netns/%s", argv[1]);
    int ns = open(path, O_RDONLY);
    if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) { perror(path); return 1; }
    close(ns);
    int add = strcmp(argv[2], "add") == 0;
    long n = atol(argv[3]), batch = atol(argv[4]);
    if (batch < 1) batch = 1;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) { perror("socket"); return 1; }
    int rcv = 4 << 20, one = 1;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv);
    setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
    struct req *reqs = calloc(batch, sizeof *reqs);
    static char buf[1 << 16];
    double start = now();
    unsigned seq = 0;
    for (long done = 0; done < n;) {
        long k = n - done < batch ? n - done : batch;
        for (long j = 0; j < k; j++) {
            long i = done + j;
            struct req *q = &reqs[j];
            memset(q, 0, sizeof *q);
            q->h.nlmsg_len = sizeof *q;
            q->h.nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
            q->h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
            q->h.nlmsg_seq = ++seq;
            q->r.rtm_family = AF_INET;
            q->r.rtm_dst_len = 25;
            q->r.rtm_table = RT_TABLE_MAIN;
            q->r.rtm_protocol = RTPROT_BOOT;
            q->r.rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
            q->r.rtm_type = add ? RTN_UNICAST : RTN_UNSPEC;
            q->dst_a.rta_len = RTA_LENGTH(4);
            q->dst_a.rta_type = RTA_DST;
            q->dst[0] = 20 + i / 131072; q->dst[1] = (i / 512) % 256;
            q->dst[2] = (i / 2) % 256; q->dst[3] = (i % 2) * 128;
            q->gw_a.rta_len = RTA_LENGTH(4);
            q->gw_a.rta_type = RTA_GATEWAY;
            inet_pton(AF_INET, "10.0.0.2", q->gw);
        }
        if (send(fd, reqs, k * sizeof *reqs, 0) < 0) { perror("send"); return 1; }
        for (long got = 0; got < k;) {
            ssize_t r = recv(fd, buf, sizeof buf, 0);
            if (r < 0) { perror("recv"); return 1; }
            for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, r); h = NLMSG_NEXT(h, r)) {
                if (h->nlmsg_type != NLMSG_ERROR) continue;
                struct nlmsgerr *e = NLMSG_DATA(h);
                if (e->error) { fprintf(stderr, "route %u: %s\n", h->nlmsg_seq, strerror(-e->error)); return 1; }
                got++;
            }
        }
        done += k;
    }
    printf("%ld %.6f\n", n, now() - start);
    return 0;
}
