use super::*;

#[test]
fn names_are_unique_and_each_key_finds_its_own_entry() {
    let mut seen = std::collections::HashSet::new();
    for table in FAMILIES {
        for (number, spec) in table.specs.iter().enumerate() {
            if spec.name.is_empty() {
                continue;
            }
            assert!(
                spec.name.starts_with(table.prefix),
                "{} in family {}",
                spec.name,
                table.prefix
            );
            assert!(seen.insert(spec.name), "{} is declared twice", spec.name);
            assert_eq!(
                table.get(number as u16).map(|s| s.name),
                Some(spec.name),
                "{}",
                spec.name
            );
        }
    }
    // The keys carry the numbers of the table.
    for (key, table) in [
        (RTA_GATEWAY, &RTA),
        (IFLA_IFNAME, &IFLA),
        (IFA_LOCAL, &IFA),
        (NDA_LLADDR, &NDA),
        (FRA_TABLE, &FRA),
        (IFLA_XDP, &IFLA),
    ] {
        assert_eq!(table.get(key.number).map(|s| s.name), Some(key.name));
    }
    assert_eq!(
        (RTA_GATEWAY.number, RTA_TABLE.number, RTA_OIF.number),
        (5, 15, 4)
    );
}
