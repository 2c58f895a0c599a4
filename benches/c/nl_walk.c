/* The floor: dump every IPv4 route (or every link, or every address) over
 * NETLINK_ROUTE and only walk the netlink headers (no attribute decoding),
 * counting the answer's messages.
 * Usage: nl_walk [NETNS|-] [routes|links|addrs]
 * Prints: COUNT SECONDS (the dump alone). */
#define _GNU_SOURCE
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

int main(int argc, char **argv) {
    int get = RTM_GETROUTE, family = AF_INET, want = RTM_NEWROUTE;
    if (argc > 2 && strcmp(argv[2], "links") == 0) {
        get = RTM_GETLINK; family = AF_UNSPEC; want = RTM_NEWLINK;
    } else if (argc > 2 && strcmp(argv[2], "addrs") == 0) {
        get = RTM_GETADDR; family = AF_UNSPEC; want = RTM_NEWADDR;
    }
    if (argc > 1 && strcmp(argv[1], "-") != 0) {
        char path[256];
        snprintf(path, sizeof path, "/run/netns/%s", argv[1]);
        int ns = open(path, O_RDONLY);
        if (ns < 0 || setns(ns, CLONE_NEWNET) < 0) { perror(path); return 1; }
        close(ns);
    }
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) { perror("socket"); return 1; }
    int rcv = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof rcv);
    /* rtmsg is the largest of the three request headers used here. */
    struct { struct nlmsghdr h; struct rtmsg r; } req;
    memset(&req, 0, sizeof req);
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = get;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.h.nlmsg_seq = 1;
    req.r.rtm_family = family; /* first byte of every request header */
    static char buf[1 << 16];
    double start = now();
    if (send(fd, &req, sizeof req, 0) < 0) { perror("send"); return 1; }
    long count = 0;
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0) { perror("recv"); return 1; }
        for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE) {
                printf("%ld %.6f\n", count, now() - start);
                return 0;
            }
            if (h->nlmsg_type == NLMSG_ERROR) { fprintf(stderr, "netlink error\n"); return 1; }
            if (h->nlmsg_type == want) count++;
        }
    }
}
