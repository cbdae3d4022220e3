-- A notification's own link into the portal (e.g. an invitation's "invitation/{token}"), relative
-- to Notification:Email:PortalUrl; null: the link is the case's or the RCA's, if any.
ALTER TABLE notifications ADD link_path NVARCHAR(400) NULL;
