package com.acme.shop;

import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Version;
import java.util.ArrayList;
import java.util.List;

@Entity
public class Author {

    @Id
    private Long id;

    private String name;

    @Version
    private Long version;

    /** An ordered element collection, EAGER: a {@code PersistentList}, initialised, while managed. */
    @ElementCollection(fetch = FetchType.EAGER)
    @OrderColumn
    private List<String> aliases = new ArrayList<>();

    protected Author() {
    }

    public Author(long id, String name, List<String> aliases) {
        this.id = id;
        this.name = name;
        this.aliases.addAll(aliases);
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Long getVersion() {
        return version;
    }

    public List<String> getAliases() {
        return aliases;
    }
}
