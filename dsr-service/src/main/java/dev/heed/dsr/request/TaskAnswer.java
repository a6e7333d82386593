package dev.heed.dsr.request;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * dsr-service's part of a system's answer to a directive task, beside the directive library's task:
 * the export it acknowledged, or the operator who answered by hand and their note.
 */
@Entity
@Table(name = "task_answer")
public class TaskAnswer {

    @Id
    public UUID id;

    @Column(name = "directive_id", nullable = false, updatable = false)
    public UUID directiveId;

    @Column(name = "system_id", nullable = false, updatable = false)
    public String systemId;

    @Column(name = "export_reference")
    public String exportReference;

    @Column(name = "export_sha256")
    public String exportSha256;

    @Column(name = "completed_by")
    public String completedBy;

    @Column(name = "completion_note")
    public String completionNote;
}
