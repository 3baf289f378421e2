//! The directory's users, groups and memberships: read in full (after
//! taking the delta links the next refresh starts from), or Graph's
//! changes since an earlier import laid over its state.

use super::*;

/// A read's users and groups (and, from a refresh, the members).
pub(super) struct DirectoryObjects {
    pub(super) users: Got<Vec<graph::User>>,
    pub(super) groups: Got<Vec<graph::Group>>,
    /// Each group's members, when a refresh laid them over the state (a
    /// full read lists each group's members afterwards).
    pub(super) members: Option<HashMap<Uuid, Vec<graph::DirectoryObject>>>,
    pub(super) links: Option<Links>,
    pub(super) refresh: Option<Refresh>,
}

/// The directory objects: laid over `since` when Graph still has its
/// delta links, else read in full (and the report says why).
pub(super) async fn directory_objects(
    http: &Http,
    since: Option<State>,
) -> Result<DirectoryObjects, Error> {
    let Some(state) = since else {
        return full_directory(http).await;
    };
    let full_read = match refreshed(http, state).await? {
        Ok(objects) => return Ok(objects),
        Err(why) => why,
    };
    let mut objects = full_directory(http).await?;
    objects.refresh = Some(Refresh {
        full_read: Some(full_read),
        ..Refresh::default()
    });
    Ok(objects)
}

/// The users and groups in full, after the delta links that start the
/// next refresh (taken first, so that what changes during the read comes
/// in the next round).
async fn full_directory(http: &Http) -> Result<DirectoryObjects, Error> {
    let users_delta = format!("v1.0/users/delta?$select={}", select::USERS);
    let groups_delta = format!("v1.0/groups/delta?$select={},members", select::GROUPS);
    let (users_link, groups_link) =
        tokio::try_join!(latest(http, &users_delta), latest(http, &groups_delta),)?;
    let users_path = format!("v1.0/users?$select={}&$top=999", select::USERS);
    let groups_path = format!("v1.0/groups?$select={}&$top=999", select::GROUPS);
    let (users, groups) = tokio::try_join!(
        graph_list::<graph::User>(http, &users_path),
        graph_list::<graph::Group>(http, &groups_path),
    )?;
    Ok(DirectoryObjects {
        users,
        groups,
        members: None,
        links: users_link
            .zip(groups_link)
            .map(|(users, groups)| Links { users, groups }),
        refresh: None,
    })
}

/// A delta link that starts from now (`$deltatoken=latest`: no objects,
/// just the link), or none when Graph will not give one.
async fn latest(http: &Http, path: &str) -> Result<Option<String>, Error> {
    let url = http.url(Service::Graph, &format!("{path}&$deltatoken=latest"));
    match http
        .get::<GraphPage<serde::de::IgnoredAny>>(Service::Graph, &url)
        .await
    {
        Ok(Got::Ok(page)) => {
            let (_, _, link) = page.into_parts();
            match link {
                Some(link) => {
                    http.check_same_service(Service::Graph, &url, &link)?;
                    Ok(Some(link))
                }
                None => Ok(None),
            }
        }
        Ok(Got::Forbidden(_) | Got::Absent(_)) => Ok(None),
        Err(e) if http_status(&e).is_some_and(|s| matches!(s, 400 | 405 | 501)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The status of an `IMPORT_HTTP` error.
fn http_status(e: &Error) -> Option<u16> {
    match e.kind() {
        tenantry::ErrorKind::ImportHttp { status, .. } => Some(*status),
        _ => None,
    }
}

/// One delta round from a saved link: its changes and the next round's
/// link; `Err` with why when Graph no longer has that round (410 Gone:
/// the link expired) or will not give it.
async fn delta_round<T: serde::de::DeserializeOwned>(
    http: &Http,
    link: String,
) -> Result<Result<(Vec<T>, String), String>, Error> {
    let from = link.split('?').next().unwrap_or(&link).to_owned();
    let mut all = Vec::new();
    let got = http
        .pages::<T, GraphPage<T>>(Service::Graph, link, |page| all.extend(page))
        .await;
    match got {
        Ok(Got::Ok(Some(next))) => Ok(Ok((all, next))),
        Ok(Got::Ok(None)) => Err(crate::error::bad_response(
            &from,
            "the delta round ended without an @odata.deltaLink",
        )),
        Ok(Got::Forbidden(detail) | Got::Absent(detail)) => Ok(Err(format!(
            "Graph refused the delta round of {from} ({})",
            crate::error::one_line(&detail)
        ))),
        Err(e) if http_status(&e) == Some(410) => {
            Ok(Err(format!("the delta link of {from} expired (410 Gone)")))
        }
        Err(e) => Err(e),
    }
}

/// The state with Graph's changes since laid over it; `Err` with why a
/// full read is needed instead.
async fn refreshed(http: &Http, state: State) -> Result<Result<DirectoryObjects, String>, Error> {
    let root = http.root(Service::Graph);
    if reqwest::Url::parse(state.graph()).ok().as_ref() != Some(root) {
        return Err(crate::error::options(
            "--since",
            &format!(
                "the earlier import read Graph at {}, and this one reads {root}",
                state.graph()
            ),
        ));
    }
    let (links, mut objects) = state.into_parts();
    for link in [&links.users, &links.groups] {
        http.check_same_service(Service::Graph, "the earlier import's state", link)?;
    }
    let (users, groups) = tokio::try_join!(
        delta_round::<graph::UserChange>(http, links.users),
        delta_round::<graph::GroupChange>(http, links.groups),
    )?;
    let ((user_changes, users_link), (group_changes, groups_link)) = match (users, groups) {
        (Ok(u), Ok(g)) => (u, g),
        (Err(why), _) | (_, Err(why)) => return Ok(Err(why)),
    };
    let mut changes = refresh::Changes::default();
    refresh::apply_groups(&mut objects, group_changes, &mut changes);
    refresh::apply_users(&mut objects, user_changes, &mut changes).map_err(|why| {
        crate::error::bad_response(&http.url(Service::Graph, "v1.0/users/delta"), &why)
    })?;
    Ok(Ok(DirectoryObjects {
        users: Got::Ok(objects.users),
        groups: Got::Ok(objects.groups),
        members: Some(objects.members),
        links: Some(Links {
            users: users_link,
            groups: groups_link,
        }),
        refresh: Some(Refresh {
            changes,
            full_read: None,
        }),
    }))
}
