//! The importer's page parsers: the first byte picks a Graph or ARM page
//! type (or the `--since` state file), the rest is its JSON. What parses
//! writes back to JSON that parses to the same value; never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tenantry_connect::wire::{arm, graph, ArmPage, GraphPage};

fn round_trip<T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug>(json: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(json) {
        let written = serde_json::to_vec(&value).unwrap_or_default();
        let back = serde_json::from_slice::<T>(&written);
        assert_eq!(back.ok().as_ref(), Some(&value));
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, json)) = data.split_first() else {
        return;
    };
    match pick % 24 {
        0 => round_trip::<graph::Organization>(json),
        1 => round_trip::<GraphPage<graph::Domain>>(json),
        2 => round_trip::<GraphPage<graph::User>>(json),
        3 => round_trip::<GraphPage<graph::Group>>(json),
        4 => round_trip::<GraphPage<graph::DirectoryObject>>(json),
        5 => round_trip::<GraphPage<graph::ServicePrincipal>>(json),
        6 => round_trip::<GraphPage<graph::DirectoryRole>>(json),
        7 => round_trip::<GraphPage<graph::SubscribedSku>>(json),
        8 => round_trip::<GraphPage<graph::CompanySubscription>>(json),
        9 => round_trip::<GraphPage<graph::UserChange>>(json),
        10 => round_trip::<GraphPage<graph::GroupChange>>(json),
        11 => round_trip::<GraphPage<graph::Organization>>(json),
        12 => round_trip::<ArmPage<arm::Tenant>>(json),
        13 => round_trip::<ArmPage<arm::Subscription>>(json),
        14 => round_trip::<arm::ManagementGroup>(json),
        15 => round_trip::<ArmPage<arm::ManagementGroup>>(json),
        16 => round_trip::<ArmPage<arm::RoleDefinition>>(json),
        17 => round_trip::<ArmPage<arm::RoleAssignment>>(json),
        18 => round_trip::<ArmPage<arm::ClassicAdministrator>>(json),
        19 => round_trip::<arm::TenantPolicy>(json),
        20 => round_trip::<ArmPage<arm::Resource>>(json),
        21 => round_trip::<arm::Detailed<arm::VaultProperties>>(json),
        22 => round_trip::<arm::Detailed<arm::SqlServerProperties>>(json),
        _ => {
            // The `--since` state a refresh reads.
            let _ = tenantry_connect::State::from_json("the fuzz input", json);
        }
    }
});
